"""A small line: a deal line, its holder, a runner, a flat, customers, and records about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from linewatch.web.events.models import EventPerson, EventPhone
from linewatch.web.lines.models import DealLineNumber, LineAddress, LineMember
from linewatch.web.pole.models import PersonPhone, Phone

from ..factories import (
    CountyLineFactory,
    EventFactory,
    LocationFactory,
    PersonFactory,
    agency,
)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@pytest.fixture
def small_line(agencies: dict[str, Any], demo_users: dict[str, Any]) -> dict[str, Any]:
    police = agency("leicestershire-police")
    line = CountyLineFactory(name="TINY line")
    deal = Phone.objects.create(
        e164="+447700900123", owning_agency=police, received_at=timezone.now()
    )
    DealLineNumber.objects.create(line=line, phone=deal, valid_from=dt.date(2026, 1, 1))
    holder = PersonFactory(first_name="Kyle", surname="Holder", dob_year=2003)
    runner = PersonFactory(first_name="Jay", surname="Runner", flags=["child"], dob_year=2010)
    resident = PersonFactory(first_name="Val", surname="Resident", flags=["adult_at_risk"])
    flat = LocationFactory(address="14 Rosebery Street, Loughborough", postcode="LE11 5DX")
    resident.home = flat
    resident.save()
    LineMember.objects.create(line=line, person=holder, role="holder")
    LineAddress.objects.create(line=line, location=flat, role="cuckooed")
    PersonPhone.objects.create(person=holder, phone=deal)
    seizure = EventFactory(kind="drug_seizure", occurred_at=at(dt.date(2026, 2, 10)), location=flat)
    EventPerson.objects.create(event=seizure, person=runner, role="suspect")
    EventPhone.objects.create(event=seizure, phone=deal, role="seized")
    customers = []
    for i in range(6):
        phone = Phone.objects.create(
            e164=f"+4477009001{40 + i}", owning_agency=police, received_at=timezone.now()
        )
        contact = EventFactory(kind="handset_contact", occurred_at=at(dt.date(2026, 3, 1)))
        EventPhone.objects.create(event=contact, phone=deal, role="handset")
        EventPhone.objects.create(event=contact, phone=phone, role="contact")
        customers.append(phone)
    # police-only: conditions apply (C) and sensitive, about the runner
    secret = EventFactory(
        kind="arrest",
        handling_code="C",
        sensitivity="restricted",
        occurred_at=at(dt.date(2026, 2, 20)),
    )
    informant = PersonFactory(first_name="Secret", surname="Source")
    EventPerson.objects.create(event=secret, person=runner, role="suspect")
    EventPerson.objects.create(event=secret, person=informant, role="witness")
    return {
        "line": line,
        "deal": deal,
        "holder": holder,
        "runner": runner,
        "resident": resident,
        "flat": flat,
        "customers": customers,
        "seizure": seizure,
        "secret": secret,
        "informant": informant,
        "users": demo_users,
    }
