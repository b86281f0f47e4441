"""Every feed file follows its spec in feeds/formats; layout, manifest and volumes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from feed_checker import check_file

from linewatch.simulate import SimulationSummary

AGENCIES = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "data" / "agencies.yaml"


def _kind(rel: str) -> str:
    parts = rel.split("/")
    return parts[1] if len(parts) == 3 else parts[1].removesuffix(".csv")


def test_every_feed_matches_its_spec(small: tuple[Path, SimulationSummary]) -> None:
    root, _ = small
    manifest = json.loads((root / "feeds" / "manifest.json").read_text(encoding="utf-8"))
    problems = []
    for entry in manifest["files"]:
        assert _kind(entry["path"]) == entry["kind"]
        problems += check_file(root / "feeds" / entry["path"], entry["kind"])
    assert problems == []


def test_manifest_lists_every_file_with_counts(small: tuple[Path, SimulationSummary]) -> None:
    root, summary = small
    manifest = json.loads((root / "feeds" / "manifest.json").read_text(encoding="utf-8"))["files"]
    on_disk = sorted(
        p.relative_to(root / "feeds").as_posix() for p in (root / "feeds").rglob("*.csv")
    )
    assert [e["path"] for e in manifest] == on_disk
    for entry in manifest:
        with (root / "feeds" / entry["path"]).open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) - 1 == entry["rows"]
    assert summary.feeds == {e["path"]: e["rows"] for e in manifest}


def test_agency_column_uses_known_codes(small: tuple[Path, SimulationSummary]) -> None:
    import yaml

    codes = {a["code"] for a in yaml.safe_load(AGENCIES.read_text(encoding="utf-8"))["agencies"]}
    root, summary = small
    for rel in summary.feeds:
        agency = rel.split("/")[0]
        assert agency in codes
        with (root / "feeds" / rel).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if "agency" in row:
                    assert row["agency"] == agency, rel


def test_street_files_are_monthly(small: tuple[Path, SimulationSummary]) -> None:
    root, summary = small
    street = [p for p in summary.feeds if "/police-uk-street/" in p]
    assert len(street) >= 12
    for rel in street:
        month = rel.rsplit("/", 1)[1][:7]
        with (root / "feeds" / rel).open(encoding="utf-8", newline="") as handle:
            assert {r["Month"] for r in csv.DictReader(handle)} == {month}


def test_tiny_scenario_is_small_but_has_lines(tiny: tuple[Path, SimulationSummary]) -> None:
    root, summary = tiny
    assert 100 <= summary.events <= 2000
    with (root / "truth" / "lines.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) >= 2
    scenario = json.loads((root / "SCENARIO.json").read_text(encoding="utf-8"))
    assert scenario["arguments"] == {"seed": 1, "weeks": 8, "scale": 0.02, "start": "2020-01-06"}
