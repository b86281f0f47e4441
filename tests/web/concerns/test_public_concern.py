"""The public concern page: no sign-in, lands in the grading queue, abuse-resistant, no echo."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.events.models import Event

pytestmark = pytest.mark.django_db

CONCERN = {
    "concern": "cuckooing",
    "text": "Strangers at number 12 all night <b>every</b> day",
    "postcode": "le11 3tu",
    "address": "Rosebery Street",
    "home_signs": ["visitors_short_stays"],
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


def test_resident_reports_anonymously_and_it_reaches_the_queue(
    agencies: dict[str, Any], demo_users: dict[str, Any]
) -> None:
    client = Client()
    assert client.get("/concern/").status_code == 200
    response = client.post("/concern/", CONCERN, follow=True)
    assert response.status_code == 200
    assert "Concern sent" in response.content.decode()
    assert "Strangers" not in response.content.decode()  # never echoed back
    event = Event.objects.get(kind="community_report")
    assert event.report.status == "awaiting_grading"
    assert event.report.text == CONCERN["text"]
    assert event.location is not None
    assert event.location.postcode == "LE11 3TU"
    assert event.owning_agency.code == "public-concerns"
    assert decide_for(demo_users["police.analyst"], event) is Decision.VISIBLE
    assert decide_for(demo_users["charnwood.practitioner"], event) is Decision.REDACTED


def test_contact_details_make_the_report_sensitive(agencies: dict[str, Any]) -> None:
    Client().post("/concern/", {**CONCERN, "contact_details": "07700 900999"})
    event = Event.objects.get(kind="community_report")
    assert event.sensitivity == "sensitive"
    assert "07700 900999" in event.details["contact"]


def test_rate_limited_and_robots_refused(agencies: dict[str, Any]) -> None:
    client = Client()
    for _ in range(5):
        client.post("/concern/", CONCERN)
    assert client.post("/concern/", CONCERN).status_code == 429
    assert Event.objects.filter(kind="community_report").count() == 5
    cache.clear()
    response = Client().post("/concern/", {**CONCERN, "website": "http://spam.example"})
    assert response.status_code == 200
    assert Event.objects.filter(kind="community_report").count() == 5


def test_oversized_or_empty_concerns_get_clear_errors(agencies: dict[str, Any]) -> None:
    response = Client().post("/concern/", {**CONCERN, "text": "x" * 5001, "postcode": "nowhere"})
    text = response.content.decode()
    assert "Keep it to 5,000 characters or fewer" in text
    assert "Enter a real postcode" in text
    response = Client().post("/concern/", {"text": ""})
    assert "Select what you are worried about" in response.content.decode()
