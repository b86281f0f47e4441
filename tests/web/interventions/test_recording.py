"""Recording interventions: the statutory timeline, refusals named per field, the line's
status moving with them, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from linewatch.core.interventions import InterventionError
from linewatch.web.audit.models import AuditEvent
from linewatch.web.interventions.models import Deadline, Intervention
from linewatch.web.interventions.services import record_intervention
from linewatch.web.interventions.watch import new_activity_touching

from ..factories import EventFactory, InterventionFactory
from .conftest import LineCase

pytestmark = pytest.mark.django_db

LONDON = timezone.get_default_timezone()


def _served(days_ago: int = 1) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(14, 30), tzinfo=LONDON)


def _notice_form(case: LineCase, served: dt.datetime) -> dict[str, str]:
    return {
        "kind": "closure_notice",
        "line": str(case.line.pk),
        "location": str(case.home.pk),
        "started_on": served.strftime("%d/%m/%Y"),
        "served_at": served.strftime("%d/%m/%Y %H:%M"),
        "notice_hours": "24",
        "handling_code": "P",
        "sensitivity": "standard",
        "outcome": "Served on the occupier",
    }


def test_an_officer_records_a_closure_notice_and_the_line_is_disrupted(
    case: LineCase, signed_in: Any
) -> None:
    client = signed_in("police.officer")
    served = _served()
    response = client.post(reverse("interventions:record"), _notice_form(case, served))
    notice = Intervention.objects.get(kind="closure_notice")
    assert response.status_code == 302
    assert response["Location"] == reverse("interventions:detail", args=[notice.pk])
    keys = dict(Deadline.objects.filter(intervention=notice).values_list("key", "due_at"))
    assert keys["notice_expires"] == served + dt.timedelta(hours=24)
    assert keys["hearing_by"] == served + dt.timedelta(hours=48)
    case.line.refresh_from_db()
    assert case.line.status == "disrupted"
    change = case.line.status_history.get()
    assert f"(intervention {notice.pk})" in change.reason
    assert AuditEvent.objects.filter(action="collection", object_type="intervention").exists()
    assert AuditEvent.objects.filter(action="alteration", object_type="county_line").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Closure order application heard by magistrates" in page
    assert "ASBCPA 2014 s80(3)-(4)" in page
    assert f'data-record="intervention:{notice.pk}"' in page


def test_a_closure_order_without_a_notice_is_refused_with_an_error_summary(
    case: LineCase, signed_in: Any
) -> None:
    client = signed_in("police.officer")
    form = _notice_form(case, _served()) | {"kind": "closure_order", "ends_on": ""}
    response = client.post(reverse("interventions:record"), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "needs a closure notice served on the same premises first" in html
    assert not Intervention.objects.exists()
    case.line.refresh_from_db()
    assert case.line.status == "active"


def test_the_order_follows_its_notice_and_gets_its_three_and_six_month_deadlines(
    case: LineCase, demo_users: dict[str, Any]
) -> None:
    officer = demo_users["police.officer"]
    served = _served(2)
    notice = record_intervention(
        officer,
        {
            "kind": "closure_notice",
            "line": case.line,
            "location": case.home,
            "started_on": served.date(),
            "served_at": served,
            "notice_hours": 24,
        },
    ).intervention
    made = served.date() + dt.timedelta(days=1)
    order = record_intervention(
        officer,
        {
            "kind": "closure_order",
            "location": case.home,
            "started_on": made,
            "ends_on": made + dt.timedelta(days=80),
            "hearing_at": served + dt.timedelta(hours=30),
        },
    ).intervention
    assert order.follows == notice
    due = {d.key: d.due_at.date() for d in order.deadlines.all()}
    assert due["order_ends"] == made + dt.timedelta(days=80)
    assert due["extension_limit"].month == (made.month + 5) % 12 + 1
    with pytest.raises(InterventionError) as error:
        record_intervention(
            officer,
            {
                "kind": "closure_order",
                "location": case.home,
                "started_on": made,
                "ends_on": made + dt.timedelta(days=120),
            },
        )
    assert set(error.value.by_field()) == {"ends_on"}


def test_bail_for_a_person_never_arrested_is_refused_and_after_an_arrest_accepted(
    case: LineCase, signed_in: Any, demo_users: dict[str, Any]
) -> None:
    client = signed_in("police.officer")
    today = timezone.localdate()
    form = {
        "kind": "bail_conditions",
        "person": str(case.runner.pk),
        "started_on": today.strftime("%d/%m/%Y"),
        "ends_on": (today + dt.timedelta(days=28)).strftime("%d/%m/%Y"),
        "exclusion_area_codes": ["E07000130"],
        "no_contact_persons": str(case.holder.pk),
        "handling_code": "P",
        "sensitivity": "standard",
    }
    refused = client.post(reverse("interventions:record"), form).content.decode()
    assert "can only be set for a person who has been in custody" in refused
    assert 'href="#id_person"' in refused
    record_intervention(
        demo_users["police.officer"],
        {"kind": "arrest", "person": case.runner, "started_on": today},
    )
    accepted = client.post(reverse("interventions:record"), form)
    assert accepted.status_code == 302
    bail = Intervention.objects.get(kind="bail_conditions")
    assert bail.details["exclusion_area_codes"] == ["E07000130"]
    assert bail.details["no_contact_person_ids"] == [case.holder.pk]
    assert bail.deadlines.get().key == "bail_expires"


def test_charging_the_holder_closes_the_line_type_1(
    case: LineCase, demo_users: dict[str, Any]
) -> None:
    officer = demo_users["police.officer"]
    today = timezone.localdate()
    arrest = record_intervention(
        officer, {"kind": "arrest", "person": case.holder, "started_on": today}
    )
    assert arrest.status_changes == [f"{case.line.name}: Disrupted"]
    record_intervention(officer, {"kind": "charge", "person": case.holder, "started_on": today})
    case.line.refresh_from_db()
    assert (case.line.status, case.line.closure_type) == ("closed", "1")


def test_arresting_a_customer_moves_nothing(case: LineCase, demo_users: dict[str, Any]) -> None:
    done = record_intervention(
        demo_users["police.officer"],
        {"kind": "arrest", "person": case.runner, "started_on": timezone.localdate()},
    )
    assert done.status_changes == []


def test_partners_get_stubs_of_c_coded_interventions_and_nothing_of_other_areas(
    case: LineCase, signed_in: Any, agencies: dict[str, Any]
) -> None:
    c_coded = InterventionFactory(handling_code="C", line=case.line)
    melton = InterventionFactory(area_code="E07000133", line=case.line)
    open_one = InterventionFactory(line=case.line, outcome="Granted")
    client = signed_in("charnwood.practitioner")
    listing = client.get(reverse("interventions:list")).content.decode()
    assert f'data-stub="intervention:{c_coded.pk}"' in listing
    assert f'data-record="intervention:{open_one.pk}"' in listing
    assert f"intervention:{melton.pk}" not in listing
    assert client.get(reverse("interventions:detail", args=[melton.pk])).status_code == 404
    stub = client.get(reverse("interventions:detail", args=[c_coded.pk])).content.decode()
    assert f'data-stub="intervention:{c_coded.pk}"' in stub
    assert "Granted for three months" not in stub


def test_the_deadlines_page_lists_only_visible_interventions(
    case: LineCase, demo_users: dict[str, Any], signed_in: Any
) -> None:
    served = _served(0)
    notice = record_intervention(
        demo_users["police.officer"],
        {
            "kind": "closure_notice",
            "location": case.home,
            "started_on": served.date(),
            "served_at": served,
            "notice_hours": 48,
        },
    ).intervention
    notice.handling_code = "C"
    notice.save()
    police = signed_in("police.officer").get(reverse("interventions:deadlines")).content.decode()
    assert "Closure notice expires (48 hours)" in police
    council = signed_in("charnwood.practitioner")
    assert (
        "Closure notice expires"
        not in council.get(reverse("interventions:deadlines")).content.decode()
    )


def test_administrators_and_auditors_may_not_record(signed_in: Any, agencies: Any) -> None:
    for username in ("police.admin", "police.auditor"):
        assert signed_in(username).get(reverse("interventions:record")).status_code == 403


def test_the_watch_finds_new_activity_on_the_old_line_s_people_and_home(
    case: LineCase, demo_users: dict[str, Any]
) -> None:
    officer = demo_users["police.officer"]
    disrupted = timezone.localdate() - dt.timedelta(days=30)
    record_intervention(officer, {"kind": "arrest", "person": case.holder, "started_on": disrupted})
    before = EventFactory(location=case.home, occurred_at=timezone.now() - dt.timedelta(days=40))
    after = EventFactory(location=case.home, occurred_at=timezone.now() - dt.timedelta(days=5))
    touches = new_activity_touching(case.line)
    refs = [t.event_ref for t in touches]
    assert f"event:{after.pk}" in refs
    assert f"event:{before.pk}" not in refs
    assert touches[0].via == (f"address:{case.home.pk}",)
