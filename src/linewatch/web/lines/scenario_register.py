"""Entering a simulated scenario's lines into the register, as analysts would have by its end.

Used by the demo: a real partnership builds its register by hand or from clusters (the linking
issue); the simulator's ground truth stands in for that work here.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from linewatch.web.accounts.models import Agency
from linewatch.web.intake.drafts import address_key
from linewatch.web.lines.models import (
    CountyLine,
    DealLineNumber,
    LineAddress,
    LineMember,
    LineStatusChange,
)
from linewatch.web.pole.models import Location, Person, Phone

POLICE = "leicestershire-police"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@transaction.atomic
def register_scenario_lines(directory: Path) -> int:
    """Create the register entries for every line that started before the scenario ended."""
    truth = directory / "truth"
    arguments = json.loads((directory / "SCENARIO.json").read_text("utf-8"))["arguments"]
    end = date.fromisoformat(arguments["start"]) + timedelta(weeks=int(arguments["weeks"]))
    police = Agency.objects.get(code=POLICE)
    records: dict[str, list[tuple[str, str]]] = {}
    for row in _rows(truth / "person_records.csv"):
        records.setdefault(row["person_id"], []).append((row["agency"], row["person_ref"]))
    by_id: dict[str, CountyLine] = {}
    created = 0
    for row in _rows(truth / "lines.csv"):
        started = _day(row["start"])
        if started is None or started > end:
            continue
        name = f"{row['brand'].upper()} line"
        if row["re_emerged_from"]:
            name += f" (re-emerged {started:%b %Y})"
        line, new = CountyLine.objects.get_or_create(
            owning_agency=police,
            source_feed="demo",
            source_key=row["line_id"],
            defaults={
                "name": name,
                "exporting_force": row["exporting_force"],
                "exporting_area": row["exporting_city"],
                "importing_towns": [t for t in row["importing_towns"].split(";") if t],
                "importing_areas": [c for c in row["importing_la_codes"].split(";") if c],
                "first_seen": started,
                "received_at": _at(started),
                "area_code": row["importing_la_codes"].split(";")[0],
            },
        )
        by_id[row["line_id"]] = line
        if not new:
            continue
        created += 1
        _history(line, row, end)
        if row["re_emerged_from"] and row["re_emerged_from"] in by_id:
            line.re_emerged_from = by_id[row["re_emerged_from"]]
            line.save(update_fields=["re_emerged_from"])
    _numbers(truth, by_id, police, end)
    _members(truth, by_id, records, end)
    _addresses(truth, by_id, police, end)
    return created


def _history(line: CountyLine, row: dict[str, str], end: date) -> None:
    steps = [(_day(row["start"]), "", "active", "Line identified from partnership intelligence")]
    disrupted, closed = _day(row["disrupted_at"]), _day(row["closed_at"])
    if disrupted and disrupted <= end:
        steps.append((disrupted, "active", "disrupted", "Arrests and seizures"))
    if closed and closed <= end:
        kind = (
            "Type 1: line holder charged"
            if row["closure_type"] == "1"
            else "Type 2: number deactivated"
        )
        steps.append((closed, steps[-1][2], "closed", kind))
        line.closure_type = row["closure_type"]
    if row["re_emerged_from"]:
        steps[0] = (
            steps[0][0],
            "",
            "re_emerged",
            "New number reaching the customers of a closed line",
        )
    for day, old, new, reason in steps:
        assert day is not None
        LineStatusChange.objects.create(
            line=line, from_status=old, to_status=new, changed_at=_at(day), reason=reason
        )
    line.status = steps[-1][2]
    line.save(update_fields=["status", "closure_type"])


def _numbers(truth: Path, lines: dict[str, CountyLine], police: Agency, end: date) -> None:
    for row in _rows(truth / "line_numbers.csv"):
        line = lines.get(row["line_id"])
        valid_from = _day(row["valid_from"])
        if line is None or (valid_from and valid_from > end):
            continue
        phone, _ = Phone.objects.get_or_create(
            e164=row["number"],
            defaults={"owning_agency": police, "source_feed": "demo", "received_at": _at(end)},
        )
        valid_to = _day(row["valid_to"])
        DealLineNumber.objects.get_or_create(
            line=line,
            phone=phone,
            valid_from=valid_from,
            defaults={"valid_to": valid_to if valid_to and valid_to <= end else None},
        )


def _members(
    truth: Path, lines: dict[str, CountyLine], records: dict[str, list[tuple[str, str]]], end: date
) -> None:
    for row in _rows(truth / "line_members.csv"):
        line = lines.get(row["line_id"])
        valid_from = _day(row["from"])
        if line is None or row["role"] == "user" or (valid_from and valid_from > end):
            continue
        person = _record_for(records.get(row["person_id"], []))
        if person is None:
            continue
        valid_to = _day(row["to"])
        LineMember.objects.get_or_create(
            line=line,
            person=person,
            role=row["role"],
            defaults={
                "valid_from": valid_from,
                "valid_to": valid_to if valid_to and valid_to <= end else None,
            },
        )


def _record_for(refs: list[tuple[str, str]]) -> Person | None:
    """The police record of a person if there is one, else any agency's."""
    ordered = sorted(refs, key=lambda r: r[0] != POLICE)
    for agency, ref in ordered:
        person = Person.objects.filter(owning_agency__code=agency, person_ref=ref).first()
        if person is not None:
            return person
    return None


def _addresses(truth: Path, lines: dict[str, CountyLine], police: Agency, end: date) -> None:
    for row in _rows(truth / "cuckooed_addresses.csv"):
        line = lines.get(row["line_id"])
        confirmed = _day(row["confirmed_at"])
        if line is None or confirmed is None or confirmed > end:
            continue  # the register only knows a cuckooed address once police confirm it
        location = Location.objects.filter(
            address_key=address_key(row["address"]), postcode=row["postcode"]
        ).first()
        if location is None:
            location = Location.objects.create(
                address=row["address"],
                address_key=address_key(row["address"]),
                postcode=row["postcode"],
                owning_agency=police,
                source_feed="demo",
                area_code=row["la_code"],
                received_at=_at(confirmed),
            )
        LineAddress.objects.get_or_create(
            line=line,
            location=location,
            role="cuckooed",
            defaults={
                "valid_from": _day(row["cuckooed_from"]),
                "valid_to": _day(row["cuckooed_to"]),
            },
        )
