"""One read for every viewer gives each the same inputs as reading through ``filter_visible``."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from linewatch.web.events.models import EventPerson
from linewatch.web.lines.models import LineAddress, LineMember
from linewatch.web.risk.records import read_records
from linewatch.web.risk.runs import compute_run
from linewatch.web.risk.signals import RiskInputs, inputs_from

from ..factories import (
    CountyLineFactory,
    EventFactory,
    IntelligenceEventFactory,
    LocationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

OWNERS = ("leicestershire-police", "charnwood-bc", "midshires-housing", "llr-recovery")
MARKINGS = list(itertools.product(("P", "C"), ("standard", "sensitive", "restricted")))
AREAS = ("E07000130", "E06000016", "")


@pytest.fixture
def mixed_records(agencies: dict[str, Any]) -> None:
    """An address, a resident and events near it for every owner x marking x area."""
    now = timezone.now()
    combinations = itertools.product(OWNERS, MARKINGS, AREAS)
    for n, (owner, (handling, sensitivity), area) in enumerate(combinations, start=1):
        mark = {
            "owning_agency": agencies[owner],
            "handling_code": handling,
            "sensitivity": sensitivity,
            "area_code": area,
        }
        east, north = 455_000 + 30 * n, 318_000 + 20 * (n % 7)
        home = LocationFactory(easting=east, northing=north, **mark)
        LocationFactory(address=home.address, address_key=home.address_key, postcode="", **mark)
        person = PersonFactory(
            home=home, dob_year=2012 if n % 2 else 1990, flags=["adult_at_risk", "child"], **mark
        )
        adult = PersonFactory(dob_year=1980, **mark)
        at = now - dt.timedelta(days=5 + n)
        for kind in ("asb", "needle_find", "missing_episode", "arrest", "drug_seizure"):
            event = EventFactory(
                kind=kind,
                location=home,
                easting=east + 40,
                northing=north,
                occurred_at=at,
                count=2,
                home_force="West Midlands Police",
                category="pwits_class_a",
                **mark,
            )
            EventPerson.objects.create(event=event, person=person, role="subject")
            EventPerson.objects.create(event=event, person=adult, role="subject")
        intel = IntelligenceEventFactory(
            location=home,
            occurred_at=at,
            category="cuckooing",
            report__indicators=["visitors_short_stays", "unknown_young_people"],
            **mark,
        )
        EventPerson.objects.create(event=intel, person=adult, role="subject")
        line = CountyLineFactory(**mark)
        LineAddress.objects.create(line=line, location=home, role="cuckooed")
        LineMember.objects.create(line=line, person=person, role="runner")
        LineMember.objects.create(line=line, person=adult, role="controller")


def _signals(inputs: RiskInputs) -> dict[str, Any]:
    out: dict[str, Any] = {
        "feeds": inputs.feeds_by_area,
        "register": inputs.register_known,
        "latest": inputs.latest,
    }
    for name in ("addresses", "victims", "enablers"):
        table = getattr(inputs, name)
        out[name] = [s.id for s in table.subjects]
        for factor, part in sorted(table.by_factor.items()):
            out[f"{name}:{factor}"] = sorted(
                zip(part.subject, part.day, part.amount, part.record, part.note, strict=True)
            )
    return out


def test_each_viewer_gets_from_the_one_read_what_filter_visible_gives(
    mixed_records: None, demo_users: dict[str, Any]
) -> None:
    everything = read_records(None)
    compared = 0
    for username, user in sorted(demo_users.items()):
        if user.role in ("administrator", "auditor"):
            continue
        shared = everything.visible_to(user)
        queried = read_records(user)
        for table in ("locations", "people", "events", "lines"):
            assert getattr(shared, table).rows == getattr(queried, table).rows, (username, table)
        assert _signals(inputs_from(shared)) == _signals(inputs_from(queried)), username
        compared += 1
    assert compared >= 8


def test_viewers_see_different_rows_of_the_one_read(
    mixed_records: None, demo_users: dict[str, Any]
) -> None:
    """The comparison above is not vacuous: the viewers' views really differ."""
    everything = read_records(None)
    seen = {
        name: len(everything.visible_to(demo_users[name]).events.rows)
        for name in (
            "police.analyst",
            "police.officer",
            "charnwood.practitioner",
            "recovery.worker",
        )
    }
    assert len(set(seen.values())) == len(seen), seen
    assert max(seen.values()) < len(everything.events.rows)


def test_a_run_from_the_one_read_equals_a_run_from_the_viewers_own_query(
    mixed_records: None, demo_users: dict[str, Any]
) -> None:
    everything = read_records(None)
    for name in ("police.analyst", "charnwood.practitioner", "housing.officer"):
        user = demo_users[name]
        rows = []
        for records in (None, everything):  # each run replaces the last: read it at once
            run = compute_run(user, records=records)
            rows.append(
                sorted(
                    (e.list_name, e.subject_key, e.score, e.area_code, e.npa, e.factors)
                    for e in run.entries.all()
                )
            )
        assert rows[0], name
        assert rows[0] == rows[1], name
