"""Submitting intelligence and events: the feed's validation, the grading rules, provenance,
audit, and who may submit."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import Event
from linewatch.web.intel.models import IntelligenceReport

pytestmark = pytest.mark.django_db

GOOD = {
    "text": "Two teenagers from Birmingham answering the door at the flat; cars stop briefly.",
    "occurred_at": "2024-05-01 21:30",
    "address": "Flat 3, 12 Test Street, Loughborough",
    "postcode": "LE11 1AB",
    "phones": ["07700 900123"],
    "vehicles": ["AB12 CDE"],
    "indicators": ["visitors_short_stays"],
}


def fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_ungraded_partner_intelligence_goes_to_the_grading_queue(
    api: Any, council_token: str
) -> None:
    response = api("post", "intelligence", council_token, json=GOOD)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "created"
    assert body["grading_status"] == "awaiting_grading"
    event = Event.objects.get(pk=body["id"])
    assert event.owning_agency.code == "charnwood-bc"
    assert event.api_client == "charnwood-asb-system"
    assert event.source_feed == "intelligence"
    assert event.provenance == "API client charnwood-asb-system"
    assert event.report.source_agency.code == "charnwood-bc"
    assert [link.phone.e164 for link in event.phone_links.all()] == ["+447700900123"]
    assert [link.vehicle.vrm for link in event.vehicle_links.all()] == ["AB12CDE"]
    audit = AuditEvent.objects.filter(action="collection", object_type="intelligence_report")
    entry = audit.get()
    assert entry.username == "api:charnwood-asb-system"
    assert entry.user is None
    assert entry.agency_code == "charnwood-bc"
    assert entry.object_ids == [str(event.pk)]


def test_graded_intelligence_is_stored_graded(api: Any, police_token: str) -> None:
    graded = {**GOOD, "source_evaluation": "2", "intelligence_assessment": "B"}
    graded |= {"handling_code": "P"}
    body = api("post", "intelligence", police_token, json=graded).json()
    report = IntelligenceReport.objects.get(event_id=body["id"])
    assert (report.grade, report.status, body["grading_status"]) == ("2BP", "graded", "graded")


def test_handling_code_c_without_conditions_names_handling_conditions(
    api: Any, police_token: str
) -> None:
    graded = {**GOOD, "source_evaluation": "2", "intelligence_assessment": "B"}
    response = api("post", "intelligence", police_token, json={**graded, "handling_code": "C"})
    assert "handling_conditions" in fields(response)
    assert not Event.objects.exists()
    with_conditions = {**graded, "handling_code": "C", "handling_conditions": "A1: no action"}
    assert api("post", "intelligence", police_token, json=with_conditions).status_code == 201


def test_an_incomplete_grading_names_the_missing_parts(api: Any, police_token: str) -> None:
    response = api("post", "intelligence", police_token, json={**GOOD, "source_evaluation": "2"})
    problems = fields(response)
    assert any("intelligence_assessment" in message for message in problems.values())


def test_bad_values_are_each_named(api: Any, council_token: str) -> None:
    bad = {**GOOD, "phones": ["not a phone"], "postcode": "NOPE", "occurred_at": "yesterday"}
    problems = fields(api("post", "intelligence", council_token, json=bad))
    assert {"phones", "postcode", "occurred_at"} <= set(problems)
    assert not Event.objects.exists()


def test_values_outside_the_schema_are_each_named(api: Any, council_token: str) -> None:
    bad = {**GOOD, "source_evaluation": "7", "indicators": ["made_up"], "sensitivity": "top"}
    problems = fields(api("post", "intelligence", council_token, json=bad))
    assert {"source_evaluation", "indicators.0", "sensitivity"} <= set(problems)
    assert not Event.objects.exists()


def test_missing_text_is_named(api: Any, council_token: str) -> None:
    body = {key: value for key, value in GOOD.items() if key != "text"}
    assert "text" in fields(api("post", "intelligence", council_token, json=body))
    assert "text" in fields(api("post", "intelligence", council_token, json={**body, "text": ""}))


def test_not_json_is_a_problem(api: Any, council_token: str) -> None:
    response = api(
        "post", "intelligence", council_token, data="{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_html_in_text_is_stored_verbatim_and_returned_as_text(api: Any, council_token: str) -> None:
    text = '<script>alert("x")</script> seen at <b>the flat</b> & next door'
    body = api("post", "intelligence", council_token, json={**GOOD, "text": text}).json()
    assert IntelligenceReport.objects.get(event_id=body["id"]).text == text
    read = api("get", f"intelligence/{body['id']}", council_token)
    assert read["Content-Type"].startswith("application/json")
    assert read.json()["text"] == text


def test_resubmitting_a_reference_is_already_present(api: Any, council_token: str) -> None:
    first = api("post", "intelligence", council_token, json={**GOOD, "ref": "CH-1"})
    again = api("post", "intelligence", council_token, json={**GOOD, "ref": "CH-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["status"] == "already_present"
    assert again.json()["id"] == first.json()["id"]
    assert Event.objects.count() == 1


@pytest.mark.parametrize("role", ["auditor", "administrator"])
def test_roles_that_do_not_contribute_may_not_submit(api: Any, make_client: Any, role: str) -> None:
    token = make_client("leicestershire-police", role)
    response = api("post", "intelligence", token, json=GOOD)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert api("post", "events/needle-finds", token, json={}).status_code == 403
    assert not Event.objects.exists()


NEEDLES = {"ref": "NF-77", "found_at": "2024-04-02 09:15", "count": 3, "setting": "park"}


def test_an_event_is_validated_as_a_feed_row(api: Any, council_token: str) -> None:
    response = api("post", "events/needle-finds", council_token, json=NEEDLES)
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["id"])
    assert (event.kind, event.ref, event.count, event.api_client) == (
        "needle_find",
        "NF-77",
        3,
        "charnwood-asb-system",
    )
    again = api("post", "events/needle-finds", council_token, json=NEEDLES)
    assert again.status_code == 200
    assert again.json()["status"] == "already_present"


def test_bad_event_fields_are_named(api: Any, council_token: str) -> None:
    bad = {"ref": "NF-78", "found_at": "2024-04-02 09:15", "count": "lots", "colour": "red"}
    problems = fields(api("post", "events/needle-finds", council_token, json=bad))
    assert "whole number" in problems["count"]
    assert "not a column" in problems["colour"]
    problems = fields(api("post", "events/needle-finds", council_token, json={"ref": "NF-79"}))
    assert set(problems) >= {"found_at", "count"}


def test_an_event_for_another_agency_is_refused(api: Any, council_token: str) -> None:
    other = {**NEEDLES, "agency": "melton-bc"}
    assert "agency" in fields(api("post", "events/needle-finds", council_token, json=other))


def test_an_unknown_event_kind_is_422(api: Any, council_token: str) -> None:
    response = api("post", "events/not-a-kind", council_token, json=NEEDLES)
    assert "kind" in fields(response)
