"""The same arguments give byte-identical files; different seeds give different data."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linewatch.simulate import simulate


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    simulate(5, 10, 0.1, tmp_path / "a")
    simulate(5, 10, 0.1, tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_different_seeds_differ(tmp_path: Path) -> None:
    simulate(1, 6, 0.05, tmp_path / "a")
    simulate(2, 6, 0.05, tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["truth/persons.csv"] != b["truth/persons.csv"]
    assert a["truth/lines.csv"] != b["truth/lines.csv"]


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=10**9), weeks=st.integers(min_value=1, max_value=6))
def test_property_deterministic(tmp_path: Path, seed: int, weeks: int) -> None:
    a = tmp_path / f"{seed}-{weeks}-a"
    b = tmp_path / f"{seed}-{weeks}-b"
    simulate(seed, weeks, 0.03, a)
    simulate(seed, weeks, 0.03, b)
    assert _files(a) == _files(b)


def test_rerun_replaces_earlier_output(tmp_path: Path) -> None:
    out = tmp_path / "scenario"
    simulate(1, 2, 0.02, out)
    (out / "feeds" / "stale.txt").write_text("old", encoding="utf-8")
    simulate(1, 2, 0.02, out)
    assert not (out / "feeds" / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["scenario"]
