"""Argument validation in the API and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from linewatch.simulate import ScenarioConfig, SimulationError, simulate
from linewatch.simulate.cli import simulate_command


@pytest.mark.parametrize(
    ("seed", "weeks", "scale", "word"),
    [
        (-1, 4, 1.0, "seed"),
        (0, 0, 1.0, "weeks"),
        (0, 521, 1.0, "weeks"),
        (0, 4, 0.0, "scale"),
        (0, 4, -1.0, "scale"),
        (0, 4, 1001.0, "scale"),
        (0, 4, float("nan"), "scale"),
    ],
)
def test_bad_arguments_name_the_argument(
    tmp_path: Path, seed: int, weeks: int, scale: float, word: str
) -> None:
    with pytest.raises(SimulationError, match=word):
        simulate(seed, weeks, scale, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValueError, match="must be"):
        ScenarioConfig(seed, weeks, scale)


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(simulate_command, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weeks", "0"], "weeks must be an integer from 1 to 520"),
        (["--scale", "-1"], "scale must be a number greater than 0"),
        (["--seed", "-3"], "seed must be an integer >= 0"),
        (["--start", "2020-02-30"], "expected a date YYYY-MM-DD"),
    ],
)
def test_cli_bad_arguments_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    code, output = _invoke("--out", str(tmp_path / "out"), *args)
    assert code == 2
    assert message in output
    assert "Traceback" not in output


def test_cli_refuses_a_foreign_directory(tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    code, output = _invoke("--out", str(foreign), "--weeks", "1", "--scale", "0.02")
    assert code == 2
    assert "refusing to overwrite" in output
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_cli_writes_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "scenario"
    code, output = _invoke(
        "--seed", "4", "--weeks", "2", "--scale", "0.02", "--out", str(out), "--start", "2021-03-01"
    )
    assert code == 0, output
    assert "truth/lines.csv" in output
    assert "event rows" in output
    assert (out / "SCENARIO.json").is_file()
    code, _ = _invoke("--seed", "4", "--weeks", "2", "--scale", "0.02", "--out", str(out))
    assert code == 0
