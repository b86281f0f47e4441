"""A line's status moves only along its lifecycle, with who and why, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from linewatch.web.audit.models import AuditEvent
from linewatch.web.lines.models import CheckBack, CountyLine, LineStatusChange
from linewatch.web.lines.permissions import can_edit_register
from linewatch.web.lines.status import StatusChangeError, allowed_next, change_status

from ..factories import CountyLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(agencies: dict[str, Any]) -> CountyLine:
    return CountyLineFactory(status="suspected")


def test_change_records_who_why_and_audits(line: CountyLine, demo_users: dict[str, Any]) -> None:
    analyst = demo_users["police.analyst"]
    change = change_status(line, "active", user=analyst, reason="Test purchase on the number")
    line.refresh_from_db()
    assert line.status == "active"
    assert (change.from_status, change.to_status) == ("suspected", "active")
    assert change.changed_by == analyst
    assert change.reason == "Test purchase on the number"
    event = AuditEvent.objects.get(action="alteration", object_type="county_line")
    assert event.object_ids == [str(line.pk)]
    assert event.username == "police.analyst"
    assert event.justification == "Test purchase on the number"
    assert "Suspected to Active" in event.summary


def test_disallowed_move_names_both_statuses(line: CountyLine, demo_users: dict[str, Any]) -> None:
    with pytest.raises(StatusChangeError, match="from Suspected to Disrupted") as caught:
        change_status(line, "disrupted", user=demo_users["police.analyst"], reason="Arrests")
    assert isinstance(caught.value, ValueError)
    assert "Active, Closed" in str(caught.value)
    line.refresh_from_db()
    assert line.status == "suspected"
    assert not LineStatusChange.objects.exists()
    assert not AuditEvent.objects.filter(action="alteration").exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_reason_is_required(line: CountyLine, demo_users: dict[str, Any], reason: str) -> None:
    with pytest.raises(StatusChangeError, match="say why"):
        change_status(line, "active", user=demo_users["police.analyst"], reason=reason)


def test_unknown_status_is_refused(line: CountyLine, demo_users: dict[str, Any]) -> None:
    with pytest.raises(StatusChangeError, match="'dormant' is not a line status"):
        change_status(line, "dormant", user=demo_users["police.analyst"], reason="x")


def test_closure_needs_a_type_and_only_closure_takes_one(
    line: CountyLine, demo_users: dict[str, Any]
) -> None:
    analyst = demo_users["police.analyst"]
    with pytest.raises(StatusChangeError, match="closure must be typed"):
        change_status(line, "closed", user=analyst, reason="Holder charged")
    with pytest.raises(StatusChangeError, match="only a closure has a closure type"):
        change_status(line, "active", user=analyst, reason="Seen", closure_type="1")


def test_type_1_closure_schedules_checkbacks_type_2_does_not(
    agencies: dict[str, Any], demo_users: dict[str, Any]
) -> None:
    analyst = demo_users["police.analyst"]
    closed_at = timezone.make_aware(dt.datetime(2026, 3, 1, 10, 0))
    type1 = CountyLineFactory(status="active")
    change_status(
        type1, "closed", user=analyst, reason="Holder charged", closure_type="1", at=closed_at
    )
    type1.refresh_from_db()
    assert type1.closure_type == "1"
    dues = list(CheckBack.objects.filter(line=type1).values_list("due_on", flat=True))
    assert dues == [dt.date(2026, 3, 8), dt.date(2026, 3, 29), dt.date(2026, 5, 30)]
    type2 = CountyLineFactory(status="active")
    change_status(type2, "closed", user=analyst, reason="SIM cut off", closure_type="2")
    assert not CheckBack.objects.filter(line=type2).exists()


def test_full_lifecycle_including_re_emergence(
    line: CountyLine, demo_users: dict[str, Any]
) -> None:
    analyst = demo_users["police.analyst"]
    for status, closure in [
        ("active", ""),
        ("disrupted", ""),
        ("closed", "2"),
        ("re_emerged", ""),
        ("active", ""),
    ]:
        change_status(line, status, user=analyst, reason=f"to {status}", closure_type=closure)
    line.refresh_from_db()
    assert line.status == "active"
    assert line.closure_type == ""
    assert LineStatusChange.objects.filter(line=line).count() == 5


def test_stale_line_object_is_checked_against_the_database(
    line: CountyLine, demo_users: dict[str, Any]
) -> None:
    analyst = demo_users["police.analyst"]
    stale = CountyLine.objects.get(pk=line.pk)
    change_status(line, "active", user=analyst, reason="first")
    with pytest.raises(StatusChangeError, match="from Active to Active"):
        change_status(stale, "active", user=analyst, reason="second, from a stale form")


def test_allowed_next_follows_lifecycle_order() -> None:
    assert allowed_next("active") == ["disrupted", "closed"]
    assert allowed_next("closed") == ["re_emerged"]


def test_only_police_roles_edit_the_register(demo_users: dict[str, Any]) -> None:
    editors = {name for name, user in demo_users.items() if can_edit_register(user)}
    assert editors == {"police.analyst", "police.officer", "police.commander"}
