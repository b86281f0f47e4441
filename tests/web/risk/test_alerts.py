"""Alerts fire for each of the five situations, once each, into the right area's queue."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from linewatch.web.accounts.models import User
from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import Event, EventPerson, EventPhone
from linewatch.web.lines.models import CountyLine, DealLineNumber, LineAddress, LineMember
from linewatch.web.pole.models import Person, Phone
from linewatch.web.risk.alerts import raise_alerts
from linewatch.web.risk.models import Alert
from linewatch.web.risk.runs import weights
from linewatch.web.risk.signals import build_inputs

pytestmark = pytest.mark.django_db


def raise_now(as_of: date | None = None) -> list[Alert]:
    inputs = build_inputs(None)
    assert inputs.latest is not None
    return raise_alerts(inputs, weights(), as_of or inputs.latest)


# The scenario's two cuckooed homes are at their height in spring 2020 (a warrant at both on
# 5 April); later in it no address crosses the threshold (the only one that did, with the
# weights fitted before busy benign addresses were simulated, was never cuckooed).
SPRING = date(2020, 5, 31)


def kinds(alerts: list[Alert]) -> set[str]:
    return {a.kind for a in alerts}


def test_the_scenario_raises_alerts_once(scenario: Path, settings: Any) -> None:
    settings.LINEWATCH_ALERT_EMAILS = {"E07000130": ["charnwood.team@example.invalid"]}
    first = raise_now(SPRING)
    assert "cuckooing_threshold" in kinds(first)
    assert raise_now(SPRING) == []  # de-duplicated
    assert AuditEvent.objects.filter(object_type="alert", action="alteration").exists()
    charnwood = [a for a in first if a.area_code == "E07000130"]
    if charnwood:
        assert mail.outbox
        assert "Sign in to read it" in mail.outbox[0].body
        assert charnwood[0].summary not in mail.outbox[0].body  # no details by email


def _child(agency: Any) -> Person:
    born = timezone.localdate() - timedelta(days=15 * 365)
    return Person.objects.create(
        first_name="Kai", surname="Testchild", dob_year=born.year, dob_month=born.month,
        dob_day=1, owning_agency=agency, received_at=timezone.now(), area_code="E07000130",
    )  # fmt: skip


def _event(kind: str, agency: Any, **fields: Any) -> Event:
    return Event.objects.create(
        kind=kind, owning_agency=agency, received_at=timezone.now(),
        occurred_at=fields.pop("occurred_at", timezone.now()), area_code="E07000130", **fields,
    )  # fmt: skip


def test_each_situation_raises_its_alert(scenario: Path) -> None:
    raise_now()  # what the scenario raises by itself
    police = User.objects.get(username="police.analyst").agency
    line = CountyLine.objects.filter(numbers__isnull=False).distinct().first()
    assert line is not None
    number = DealLineNumber.objects.filter(line=line).first()
    assert number is not None

    # A child missing from the Met is found in Loughborough.
    child = _child(police)
    missing = _event("missing_episode", police, home_force="Metropolitan Police Service",
                     location_text="found at the station")  # fmt: skip
    EventPerson.objects.create(event=missing, person=child, role="missing person")
    # A new phone in the same intelligence report as the line's deal-line number.
    new_phone = Phone.objects.create(e164="+447700900999", owning_agency=police,
                                     received_at=timezone.now())  # fmt: skip
    report = _event("intelligence", police)
    EventPhone.objects.create(event=report, phone=number.phone, role="mentioned")
    EventPhone.objects.create(event=report, phone=new_phone, role="mentioned")
    # The line is disrupted, then its number turns up again.
    from linewatch.web.lines.models import LineStatusChange

    line.status = "disrupted"
    line.save()
    disrupted_on = timezone.now() - timedelta(days=30)
    LineStatusChange.objects.create(line=line, from_status="active", to_status="disrupted",
                                    changed_at=disrupted_on, reason="warrant")  # fmt: skip
    later = _event("drug_seizure", police, occurred_at=timezone.now() - timedelta(days=2))
    EventPhone.objects.create(event=later, phone=number.phone, role="seized")
    # A new line re-targets the old line's cuckooed address and its runner.
    home = LineAddress.objects.filter(line=line).first()
    runner = LineMember.objects.filter(line=line, role__in=("runner", "cuckooed_resident")).first()
    successor = CountyLine.objects.create(
        name="Successor line", status="active", owning_agency=police, received_at=timezone.now(),
        importing_areas=["E07000130"],
    )  # fmt: skip
    today = date.today()
    if home is not None:
        LineAddress.objects.create(line=successor, location=home.location, role="cuckooed",
                                   valid_from=today)  # fmt: skip
    if runner is not None:
        LineMember.objects.create(line=successor, person=runner.person, role=runner.role,
                                  valid_from=today)  # fmt: skip
    assert home is not None or runner is not None

    raised = raise_now()
    assert {"missing_from_other_force", "phone_linked_to_line", "disrupted_line_activity",
            "re_emergence"} <= kinds(raised)  # fmt: skip
    assert Alert.objects.filter(
        kind="missing_from_other_force", subject_key=f"person:{child.pk}"
    ).exists()
    assert Alert.objects.filter(dedupe_key=f"phone:{new_phone.pk}:line:{line.pk}").exists()


def test_an_alert_is_acknowledged_in_the_queue_and_audited(scenario: Path) -> None:
    raise_now()
    user = User.objects.get(username="police.analyst")  # every LLR area
    client = Client()
    client.force_login(user)
    page = client.get("/worklists/alerts/").content.decode()
    areas = list(user.areas or []) or list(user.agency.areas)
    shown = [a for a in Alert.objects.filter(area_code__in=areas) if escape(a.summary) in page]
    assert shown
    alert = shown[0]
    response = client.post(f"/worklists/alerts/{alert.pk}/acknowledge/", {"note": "visited"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == user
    assert AuditEvent.objects.filter(object_type="alert", object_ids=[str(alert.pk)],
                                     justification="visited").exists()  # fmt: skip
    assert escape(alert.summary) not in client.get("/worklists/alerts/").content.decode()
