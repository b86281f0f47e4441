"""The auditor's page answers "who has seen this person's record, and why"."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from linewatch.web.audit.models import AuditEvent
from linewatch.web.audit.trail import record

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "username", ["police.analyst", "police.officer", "charnwood.practitioner", "police.admin"]
)
def test_only_auditors_open_the_trail(username: str, demo_users: dict[str, Any]) -> None:
    assert signed_in(demo_users[username]).get("/audit/").status_code == 403


def test_the_trail_of_a_person_lists_every_look_and_its_reason(
    demo_users: dict[str, Any],
) -> None:
    person = PersonFactory(surname="Whitcombe")
    other = PersonFactory(surname="Other")
    analyst = signed_in(demo_users["police.analyst"])
    assert analyst.get(f"/people/{person.pk}/").status_code == 200
    analyst.get("/search/", {"q": "Whitcombe"})
    signed_in(demo_users["charnwood.practitioner"]).get(f"/people/{person.pk}/")
    record(
        "disclosure",
        "person",
        [person.pk],
        "Shared with the MASH",
        user=demo_users["police.analyst"],
        justification="Safeguarding referral 2026/114",
        recipients="MASH duty team",
    )
    # Ids that merely contain the person's id are not the person.
    record("consultation", "person", [f"{person.pk}0", other.pk], "Someone else", user=None)

    page = signed_in(demo_users["police.auditor"]).get("/audit/", {"record": f"person:{person.pk}"})
    assert page.status_code == 200
    text = page.content.decode()
    rows = page.context["page_obj"].object_list
    actions = sorted(event.action for event in rows)
    assert actions == ["consultation", "consultation", "consultation", "disclosure"]
    assert {event.username for event in rows} == {"police.analyst", "charnwood.practitioner"}
    assert "Safeguarding referral 2026/114" in text
    assert "MASH duty team" in text
    assert "leicestershire-police, police_analyst" in text
    assert "charnwood-bc, partner_practitioner" in text
    assert f"/people/{person.pk}/" in text
    assert "Someone else" not in text
    assert "Chain intact" in text


def test_the_trail_can_be_narrowed_to_one_user(demo_users: dict[str, Any]) -> None:
    person = PersonFactory()
    signed_in(demo_users["police.analyst"]).get(f"/people/{person.pk}/")
    signed_in(demo_users["police.officer"]).get(f"/people/{person.pk}/")
    page = signed_in(demo_users["police.auditor"]).get(
        "/audit/", {"record": f"person {person.pk}", "user": "police.officer"}
    )
    assert [e.username for e in page.context["page_obj"].object_list] == ["police.officer"]


def test_looking_at_the_trail_is_itself_recorded(demo_users: dict[str, Any]) -> None:
    signed_in(demo_users["police.auditor"]).get("/audit/", {"record": "person:77"})
    event = AuditEvent.objects.filter(object_type="audit_trail").get()
    assert event.username == "police.auditor"
    assert event.object_ids == ["person:77"]


def test_a_malformed_reference_is_explained(demo_users: dict[str, Any]) -> None:
    page = signed_in(demo_users["police.auditor"]).get("/audit/", {"record": "John Smith"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "govuk-error-summary" in text
    assert "Enter a record reference such as person:12" in text


def test_a_tampered_trail_shows_as_broken(demo_users: dict[str, Any]) -> None:
    person = PersonFactory()
    signed_in(demo_users["police.analyst"]).get(f"/people/{person.pk}/")
    event = AuditEvent.objects.filter(object_type="person").latest("id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET username = %s WHERE id = %s",
            ["someone.else", event.pk],
        )
    page = signed_in(demo_users["police.auditor"]).get("/audit/", {"record": f"person:{person.pk}"})
    text = page.content.decode()
    assert "Chain broken" in text
    assert f"entry {event.pk}" in text


def test_a_long_trail_is_checked_on_request(settings: Any, demo_users: dict[str, Any]) -> None:
    settings.LINEWATCH_AUDIT_VERIFY_ON_PAGE_MAX = 0
    auditor = signed_in(demo_users["police.auditor"])
    record("consultation", "person", [1], "x", user=None)
    assert "Check the chain now" in auditor.get("/audit/").content.decode()
    assert "Chain intact" in auditor.get("/audit/", {"verify": "1"}).content.decode()
