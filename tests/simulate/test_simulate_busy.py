"""Busy benign addresses: reports concentrate at a few places that have no line."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from linewatch.simulate import SimulationSummary


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _asb_by_address(root: Path, summary: SimulationSummary) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for rel in summary.feeds:
        if rel.endswith("/asb.csv"):
            for row in _rows(root / "feeds" / rel):
                if row["address"] and row["postcode"]:
                    counts[(row["address"].lower(), row["postcode"])] += 1
    return counts


def test_asb_concentrates_at_few_addresses(small: tuple[Path, SimulationSummary]) -> None:
    root, summary = small
    counts = _asb_by_address(root, summary)
    ranked = sorted(counts.values(), reverse=True)
    top = ranked[: max(1, len(ranked) * 3 // 100)]
    # Sherman et al. 1989: half of the calls at 3 % of addresses; here at least a quarter
    assert sum(top) / sum(ranked) >= 0.25
    busy = {
        (r["address"].lower(), r["postcode"]) for r in _rows(root / "truth" / "busy_addresses.csv")
    }
    cuckooed = {
        (r["address"].lower(), r["postcode"])
        for r in _rows(root / "truth" / "cuckooed_addresses.csv")
    }
    busiest = [a for a, _ in counts.most_common(20)]
    assert sum(a in busy for a in busiest) >= 10, "most of the busiest addresses have no line"
    assert sum(a in cuckooed for a in busiest) >= 1, "and cuckooed homes are among them"


def test_busy_places_are_heavy_tailed_varied_and_not_on_lines(
    small: tuple[Path, SimulationSummary],
) -> None:
    root, _ = small
    busy = _rows(root / "truth" / "busy_addresses.csv")
    kinds = Counter(r["kind"] for r in busy)
    assert set(kinds) >= {"hostel", "pub", "problem_household", "neighbour_dispute", "domestic"}
    rates = sorted(float(r["reports_per_week"]) for r in busy)
    assert rates[-1] > 5 * rates[len(rates) // 2]
    assert any(r["from"] for r in busy)
    assert any(not r["from"] for r in busy)
    members = {m["person_id"] for m in _rows(root / "truth" / "line_members.csv")}
    residents = [
        p["person_id"]
        for p in _rows(root / "truth" / "persons.csv")
        if "busy_address_resident" in p["roles"].split(";")
    ]
    assert residents
    assert not set(residents) & members
    busy_addresses = {(r["address"], r["postcode"]) for r in busy}
    cuckooed = {
        (r["address"], r["postcode"]) for r in _rows(root / "truth" / "cuckooed_addresses.csv")
    }
    assert not busy_addresses & cuckooed


def test_feeds_do_not_mark_busy_places(small: tuple[Path, SimulationSummary]) -> None:
    root, summary = small
    for rel in summary.feeds:
        text = (root / "feeds" / rel).read_text(encoding="utf-8").lower()
        assert "busy" not in text, rel
