"""Submitting intelligence through the web form: partners' plain form, police grading."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import Event

pytestmark = pytest.mark.django_db

GOOD = {
    "text": "Lots of young lads visiting flat 3 at all hours. One calls himself Jay.",
    "day": "3",
    "month": "2",
    "year": "2020",
    "time_seen": "21:30",
    "postcode": "le11 3tu",
    "address": "Flat 3, 24 Rose Court",
    "phones": "07700 900123\n+447700900456",
    "vehicles": "ab12 cde",
    "cuckooing_signs": ["visitors_short_stays", "resident_not_seen"],
    "sensitivity": "standard",
}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_partner_gets_plain_form_and_report_goes_to_queue(demo_users: dict[str, Any]) -> None:
    client = client_for(demo_users["charnwood.practitioner"])
    page = client.get("/intelligence/submit/")
    assert page.status_code == 200
    assert "Source evaluation" not in page.content.decode()
    response = client.post("/intelligence/submit/", GOOD)
    assert response.status_code == 302
    event = Event.objects.get(kind="intelligence", source_feed="web")
    assert event.report.status == "awaiting_grading"
    assert event.location is not None
    assert event.location.postcode == "LE11 3TU"
    assert event.area_code == "E07000130"
    assert sorted(p.e164 for p in event.phones.all()) == ["+447700900123", "+447700900456"]
    assert [v.vrm for v in event.vehicles.all()] == ["AB12CDE"]
    assert event.report.indicators == ["visitors_short_stays", "resident_not_seen"]
    assert AuditEvent.objects.filter(action="collection", object_ids=[str(event.pk)]).exists()
    queue = client_for(demo_users["police.analyst"]).get("/intelligence/queue/")
    assert f'data-record="event:{event.pk}"' in queue.content.decode()


def test_errors_are_summarised_and_named(demo_users: dict[str, Any]) -> None:
    client = client_for(demo_users["police.officer"])
    bad = {
        **GOOD,
        "postcode": "LE99 ZZZZ",
        "phones": "0770 090",
        "day": "31",
        "month": "2",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "C",
    }
    response = client.post("/intelligence/submit/", bad)
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter a real UK postcode" in text
    assert "&#x27;0770 090&#x27; is not a phone number" in text
    assert "must be a real date" in text
    assert "Handling code C needs its handling conditions" in text
    assert not Event.objects.filter(source_feed="web").exists()


def test_police_officer_grades_on_submission(demo_users: dict[str, Any]) -> None:
    client = client_for(demo_users["police.officer"])
    graded = {
        **GOOD,
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "C",
        "handling_conditions": "Not to be shared beyond police",
    }
    assert client.post("/intelligence/submit/", graded).status_code == 302
    event = Event.objects.get(source_feed="web")
    assert event.report.grade == "2BC"
    assert event.handling_code == "C"
    assert event.report.status == "graded"


def test_submitted_html_is_never_rendered_as_markup(demo_users: dict[str, Any]) -> None:
    client = client_for(demo_users["police.analyst"])
    payload = {**GOOD, "text": "<script>alert('x')</script> seen at the park"}
    client.post("/intelligence/submit/", payload)
    event = Event.objects.get(source_feed="web")
    assert event.report.text.startswith("<script>")
    page = client.get(f"/intelligence/{event.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_auditor_cannot_submit(demo_users: dict[str, Any]) -> None:
    assert client_for(demo_users["police.auditor"]).get("/intelligence/submit/").status_code == 403


def test_a_map_pin_says_exactly_where_it_was_seen(demo_users: dict[str, Any]) -> None:
    client = client_for(demo_users["charnwood.practitioner"])
    # A pin in Leicester city centre, while the postcode given is in Loughborough (Charnwood).
    pinned = {**GOOD, "pin_latitude": "52.634400", "pin_longitude": "-1.131900"}
    assert client.post("/intelligence/submit/", pinned).status_code == 302
    event = Event.objects.get(kind="intelligence", source_feed="web")
    assert (event.latitude, event.longitude) == (52.6344, -1.1319)
    assert event.area_code == "E06000016"  # Leicester, where the pin is
    assert event.location is not None
    assert event.location.postcode == "LE11 3TU"
    assert 455_000 < event.easting < 461_000
    assert 302_000 < event.northing < 306_000


def test_a_pin_alone_is_enough_to_say_where(demo_users: dict[str, Any]) -> None:
    client = client_for(demo_users["charnwood.practitioner"])
    pinned = {
        **GOOD,
        "postcode": "",
        "address": "",
        "pin_latitude": "52.7721",
        "pin_longitude": "-1.2062",
    }
    assert client.post("/intelligence/submit/", pinned).status_code == 302
    event = Event.objects.get(kind="intelligence", source_feed="web")
    assert event.location is None
    assert event.area_code == "E07000130"


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("48.8566", "2.3522", "The map pin must be in the UK"),
        ("north", "-1.2", "The map pin could not be read"),
    ],
)
def test_a_bad_pin_is_named_in_the_error_summary(
    demo_users: dict[str, Any], lat: str, lon: str, message: str
) -> None:
    client = client_for(demo_users["charnwood.practitioner"])
    page = client.post("/intelligence/submit/", {**GOOD, "pin_latitude": lat, "pin_longitude": lon})
    body = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert not Event.objects.filter(kind="intelligence").exists()
