"""The ground-truth files under ``truth/`` (``event_lines.csv`` is written while streaming)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from linewatch.simulate.busy import BusyPlace
from linewatch.simulate.lines import Line
from linewatch.simulate.people import Person
from linewatch.simulate.rand import age_on
from linewatch.simulate.records import Registry

ENABLER_HARM = {"controller": "high", "holder": "high", "driver": "medium"}


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_truth(
    folder: Path,
    people: list[Person],
    lines: list[Line],
    registry: Registry,
    confirmed: dict[str, date],
    busy: Sequence[BusyPlace] = (),
) -> dict[str, int]:
    """Write every truth file except ``event_lines.csv``; return their row counts."""
    counts: dict[str, int] = {}
    counts["busy_addresses.csv"] = _write(
        folder / "busy_addresses.csv",
        ["address_id", "address", "postcode", "la_code", "kind", "reports_per_week", "from", "to"],
        (
            [
                b.address.address_id,
                b.address.line,
                b.address.postcode.postcode,
                b.address.postcode.la_code,
                b.kind,
                f"{b.rate:.3f}",
                _iso(b.start),
                _iso(b.end),
            ]
            for b in busy
        ),
    )
    counts["persons.csv"] = _write(
        folder / "persons.csv",
        [
            "person_id",
            "first_name",
            "surname",
            "gender",
            "dob",
            "home_postcode",
            "home_force",
            "roles",
            "flags",
        ],
        (
            [
                p.pid,
                p.first_name,
                p.surname,
                p.gender,
                p.dob.isoformat(),
                p.home.postcode.postcode if p.home else "",
                p.home_force,
                ";".join(p.roles),
                ";".join(p.flags),
            ]
            for p in people
        ),
    )
    counts["person_records.csv"] = _write(
        folder / "person_records.csv",
        ["agency", "person_ref", "person_id"],
        ([v.agency, v.ref, v.person.pid] for v in registry.all_views()),
    )
    counts["lines.csv"] = _write(
        folder / "lines.csv",
        [
            "line_id",
            "brand",
            "exporting_force",
            "exporting_city",
            "importing_towns",
            "importing_la_codes",
            "start",
            "disrupted_at",
            "closed_at",
            "closure_type",
            "re_emerged_from",
        ],
        (
            [
                ln.line_id,
                ln.brand,
                ln.force,
                ln.city,
                ";".join(t.name for t in ln.towns),
                ";".join(sorted({t.la_code for t in ln.towns})),
                _iso(ln.start),
                _iso(ln.disrupted),
                _iso(ln.closed),
                ln.closure_type or "",
                ln.re_emerged_from or "",
            ]
            for ln in lines
        ),
    )
    counts["line_numbers.csv"] = _write(
        folder / "line_numbers.csv",
        ["line_id", "number", "valid_from", "valid_to"],
        ([ln.line_id, n, _iso(a), _iso(b)] for ln in lines for n, a, b in ln.numbers),
    )
    counts["line_members.csv"] = _write(
        folder / "line_members.csv",
        ["line_id", "person_id", "role", "from", "to"],
        (
            [ln.line_id, m.person.pid, m.role, _iso(m.start), _iso(m.end)]
            for ln in lines
            for m in ln.members
        ),
    )
    counts["line_vehicles.csv"] = _write(
        folder / "line_vehicles.csv",
        ["line_id", "vrm"],
        ([ln.line_id, v] for ln in lines for v in ln.vehicles),
    )
    counts["cuckooed_addresses.csv"] = _write(
        folder / "cuckooed_addresses.csv",
        [
            "address_id",
            "address",
            "postcode",
            "la_code",
            "line_id",
            "resident_person_id",
            "cuckooed_from",
            "cuckooed_to",
            "confirmed_at",
        ],
        (
            [
                c.address.address_id,
                c.address.line,
                c.address.postcode.postcode,
                c.address.postcode.la_code,
                ln.line_id,
                c.resident.pid,
                _iso(c.start),
                _iso(c.end),
                _iso(c.confirmed),
            ]
            for ln in lines
            for c in ln.cuckoos
        ),
    )
    victims: dict[str, tuple[str, date]] = {}
    for ln in lines:
        for m in ln.members:
            child = m.role == "runner" and age_on(m.person.dob, m.start) < 18
            if m.role == "cuckooed_resident" or child:
                kind = "child" if child else "adult"
                first = victims.get(m.person.pid)
                if first is None or m.start < first[1]:
                    victims[m.person.pid] = (kind, m.start)
    counts["victims.csv"] = _write(
        folder / "victims.csv",
        ["person_id", "kind", "first_exploited_at", "confirmed_at"],
        (
            [pid, kind, _iso(start), _iso(confirmed.get(pid))]
            for pid, (kind, start) in sorted(victims.items())
        ),
    )
    counts["enablers.csv"] = _write(
        folder / "enablers.csv",
        ["person_id", "line_id", "role", "harm_level"],
        (
            [m.person.pid, ln.line_id, m.role, ENABLER_HARM[m.role]]
            for ln in lines
            for m in ln.members
            if m.role in ENABLER_HARM
        ),
    )
    return counts
