"""Ground truth is consistent with itself and with the feeds."""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

from linewatch.simulate import SimulationSummary
from linewatch.simulate.places import postcode_index

CHILD_RUNNER_FORCES = {
    "Metropolitan Police Service",
    "West Midlands Police",
    "Nottinghamshire Police",
}


def _rows(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "truth" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _feed_rows(root: Path, rel: str) -> list[dict[str, str]]:
    with (root / "feeds" / rel).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def test_every_person_ref_is_in_person_records(small: tuple[Path, SimulationSummary]) -> None:
    root, summary = small
    known = {(r["agency"], r["person_ref"]) for r in _rows(root, "person_records.csv")}
    persons = {r["person_id"] for r in _rows(root, "persons.csv")}
    assert {r["person_id"] for r in _rows(root, "person_records.csv")} <= persons
    for rel in summary.feeds:
        agency = rel.split("/")[0]
        for row in _feed_rows(root, rel):
            if row.get("person_ref"):
                assert (agency, row["person_ref"]) in known, rel
            for subject in filter(None, row.get("subjects", "").split(";")):
                assert (agency, subject) in known, rel


def test_intelligence_subjects_are_in_the_agency_persons_feed(
    small: tuple[Path, SimulationSummary],
) -> None:
    root, summary = small
    for rel in summary.feeds:
        if rel.endswith("/intelligence.csv"):
            agency = rel.split("/")[0]
            refs = {r["person_ref"] for r in _feed_rows(root, f"{agency}/persons.csv")}
            for row in _feed_rows(root, rel):
                assert set(filter(None, row["subjects"].split(";"))) <= refs


def test_members_exist_and_numbers_do_not_overlap(small: tuple[Path, SimulationSummary]) -> None:
    root, _ = small
    persons = {r["person_id"] for r in _rows(root, "persons.csv")}
    assert {m["person_id"] for m in _rows(root, "line_members.csv")} <= persons
    periods: dict[str, list[tuple[date, date]]] = {}
    for n in _rows(root, "line_numbers.csv"):
        end = date.fromisoformat(n["valid_to"]) if n["valid_to"] else date.max
        periods.setdefault(n["line_id"], []).append((date.fromisoformat(n["valid_from"]), end))
    for spans in periods.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start
    numbers = [n["number"] for n in _rows(root, "line_numbers.csv")]
    assert len(numbers) == len(set(numbers))
    assert all(n.startswith(("+4474", "+4475", "+4477", "+4478", "+4479")) for n in numbers)


def test_cuckooed_addresses_are_real_postcodes_in_the_importing_la(
    small: tuple[Path, SimulationSummary],
) -> None:
    root, _ = small
    lines = {r["line_id"]: r for r in _rows(root, "lines.csv")}
    from linewatch.core.geography import locate_postcode  # an independent lookup

    cuckooed = _rows(root, "cuckooed_addresses.csv")
    assert cuckooed
    for row in cuckooed:
        la_codes = lines[row["line_id"]]["importing_la_codes"].split(";")
        assert locate_postcode(row["postcode"]).authority_code in la_codes


def test_child_runners_and_missing_from_home_force(small: tuple[Path, SimulationSummary]) -> None:
    root, _ = small
    persons = {r["person_id"]: r for r in _rows(root, "persons.csv")}
    victims = {r["person_id"]: r for r in _rows(root, "victims.csv")}
    runners = [m for m in _rows(root, "line_members.csv") if m["role"] == "runner"]
    children = []
    for m in runners:
        dob = date.fromisoformat(persons[m["person_id"]]["dob"])
        if _age(dob, date.fromisoformat(m["from"])) < 18:
            children.append(m["person_id"])
            assert victims[m["person_id"]]["kind"] == "child"
    assert children
    records = {
        (r["agency"], r["person_ref"]): r["person_id"] for r in _rows(root, "person_records.csv")
    }
    away = [
        r
        for r in _feed_rows(root, "leicestershire-police/missing-episodes.csv")
        if r["home_force"] in CHILD_RUNNER_FORCES
        and records[("leicestershire-police", r["person_ref"])] in children
    ]
    assert away
    for row in away:
        assert row["found_postcode"] in postcode_index()


def test_re_emerged_lines_retarget_victims_or_addresses(
    small: tuple[Path, SimulationSummary],
) -> None:
    root, _ = small
    lines = _rows(root, "lines.csv")
    members = _rows(root, "line_members.csv")
    addresses = _rows(root, "cuckooed_addresses.csv")
    re_emerged = [ln for ln in lines if ln["re_emerged_from"]]
    assert re_emerged
    for line in re_emerged:
        old, new = line["re_emerged_from"], line["line_id"]
        victims = {"runner", "cuckooed_resident"}
        old_v = {m["person_id"] for m in members if m["line_id"] == old and m["role"] in victims}
        new_v = {m["person_id"] for m in members if m["line_id"] == new and m["role"] in victims}
        old_a = {a["address_id"] for a in addresses if a["line_id"] == old}
        new_a = {a["address_id"] for a in addresses if a["line_id"] == new}
        assert old_v & new_v or old_a & new_a


def test_event_lines_point_at_real_rows(small: tuple[Path, SimulationSummary]) -> None:
    root, _ = small
    links = _rows(root, "event_lines.csv")
    line_ids = {r["line_id"] for r in _rows(root, "lines.csv")}
    assert links
    refs: dict[str, set[str]] = {}
    for link in links:
        assert link["line_id"] in line_ids
        if link["feed_file"] not in refs:
            rows = _feed_rows(root, link["feed_file"].removeprefix("feeds/"))
            refs[link["feed_file"]] = {
                r.get("ref") or r.get("handset_ref") or r.get("Crime ID") or "" for r in rows
            } | {f"row:{i}" for i in range(1, len(rows) + 1)}
        assert link["ref"] in refs[link["feed_file"]]


def test_dates_of_birth_are_plausible(small: tuple[Path, SimulationSummary]) -> None:
    root, _ = small
    for row in _rows(root, "persons.csv"):
        age = _age(date.fromisoformat(row["dob"]), date(2020, 1, 6))
        assert 10 <= age <= 95
