"""An analyst grades a queued report and links what extraction suggested."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import Event
from linewatch.web.pole.models import Phone

pytestmark = pytest.mark.django_db

TEXT = (
    "Jayden SMITH seen at 14 Rosebery Street, Loughborough LE11 5DX with a phone "
    "07700 900123 taking orders."
)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def queued(demo_users: dict[str, Any]) -> Event:
    client_for(demo_users["charnwood.practitioner"]).post(
        "/intelligence/submit/", {"text": TEXT, "sensitivity": "standard"}
    )
    return Event.objects.get(source_feed="web")


def test_analyst_grades_and_links_suggested_phone_and_address(
    demo_users: dict[str, Any], queued: Event
) -> None:
    Phone.objects.create(
        e164="+447700900123", owning_agency=queued.owning_agency, received_at=queued.received_at
    )
    client = client_for(demo_users["police.analyst"])
    page = client.get(f"/intelligence/{queued.pk}/grade/").content.decode()
    assert "Phone 07700 900123 (+447700900123) – matches an existing record" in page
    assert "14 Rosebery Street" in page
    response = client.post(
        f"/intelligence/{queued.pk}/grade/",
        {
            "source_evaluation": "2",
            "intelligence_assessment": "C",
            "handling_code": "P",
            "sanitised_text": TEXT,
            "link": ["phone:+447700900123", "address:14 Rosebery Street, Loughborough|LE11 5DX"],
        },
    )
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.report.grade == "2CP"
    assert queued.report.status == "linked"
    assert [p.e164 for p in queued.phones.all()] == ["+447700900123"]
    assert queued.location is not None
    assert queued.location.postcode == "LE11 5DX"
    assert AuditEvent.objects.filter(
        action="combination", object_type="intelligence_report"
    ).exists()


def test_grading_needs_conditions_for_c(demo_users: dict[str, Any], queued: Event) -> None:
    response = client_for(demo_users["police.analyst"]).post(
        f"/intelligence/{queued.pk}/grade/",
        {
            "source_evaluation": "1",
            "intelligence_assessment": "A",
            "handling_code": "C",
            "sanitised_text": TEXT,
        },
    )
    assert response.status_code == 200
    assert "Handling code C needs its handling conditions" in response.content.decode()


def test_only_police_analysts_grade(demo_users: dict[str, Any], queued: Event) -> None:
    for name in ("police.officer", "charnwood.analyst", "police.auditor"):
        assert client_for(demo_users[name]).get("/intelligence/queue/").status_code == 403
