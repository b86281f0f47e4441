"""Reads go through the access policy: visible records in full, redacted ones as stubs,
hidden ones not at all (404 for a hidden id, as for one that does not exist); each read is
audited under the client's name."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.web.audit.models import AuditEvent

from ..factories import (
    CountyLineFactory,
    EventFactory,
    IntelligenceEventFactory,
    PersonFactory,
    agency,
)

pytestmark = pytest.mark.django_db

SECRET = "A teenager from Birmingham is staying at the flat and answering the deal line."
STUB_KEYS = {"redacted", "kind", "reference", "held_by", "contact"}


def test_a_partner_gets_police_intelligence_as_a_stub(
    api: Any, council_token: str, police_token: str
) -> None:
    report = IntelligenceEventFactory(owning_agency=agency("leicestershire-police"))
    listed = api("get", "intelligence", council_token)
    assert listed.status_code == 200
    assert SECRET not in listed.content.decode()
    [item] = listed.json()["items"]
    assert set(item) == STUB_KEYS
    assert item["redacted"] is True
    assert item["held_by"] == "Leicestershire Police"
    assert "fib@" in item["contact"]
    detail = api("get", f"intelligence/{report.pk}", council_token)
    assert detail.status_code == 200
    assert set(detail.json()) == STUB_KEYS
    assert SECRET not in detail.content.decode()
    full = api("get", f"intelligence/{report.pk}", police_token).json()
    assert full["redacted"] is False
    assert full["text"] == SECRET
    assert full["grade"] == "2BP"


def test_a_treatment_provider_sees_only_its_own(api: Any, treatment_token: str) -> None:
    police = IntelligenceEventFactory(owning_agency=agency("leicestershire-police"))
    council_event = EventFactory(owning_agency=agency("charnwood-bc"))
    own = EventFactory(owning_agency=agency("llr-recovery"), kind="treatment_referral")
    assert api("get", "intelligence", treatment_token).json() == {
        "count": 0,
        "limit": 50,
        "offset": 0,
        "items": [],
    }
    events = api("get", "events", treatment_token).json()["items"]
    assert [item["id"] for item in events] == [own.pk]
    assert events[0]["redacted"] is False
    assert api("get", f"intelligence/{police.pk}", treatment_token).status_code == 404
    person = PersonFactory(owning_agency=agency("charnwood-bc"))
    assert api("get", f"people/{person.pk}", treatment_token).status_code == 404
    assert council_event.pk not in [item["id"] for item in events]


def test_a_hidden_record_is_not_found_like_a_missing_one(api: Any, council_token: str) -> None:
    restricted = IntelligenceEventFactory(
        owning_agency=agency("leicestershire-police"), sensitivity="restricted"
    )
    hidden = api("get", f"intelligence/{restricted.pk}", council_token)
    missing = api("get", "intelligence/999999", council_token)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert api("get", "intelligence", council_token).json()["count"] == 0


def test_events_filter_by_kind_and_since(api: Any, police_token: str) -> None:
    EventFactory(kind="asb")
    needle = EventFactory(kind="needle_find")
    IntelligenceEventFactory()
    body = api("get", "events?kind=needle_find", police_token).json()
    assert [item["id"] for item in body["items"]] == [needle.pk]
    assert api("get", "events", police_token).json()["count"] == 2  # intelligence not here
    later = api("get", "events?since=2999-01-01T00:00:00Z", police_token).json()
    assert later["count"] == 0
    assert api("get", "events?kind=intelligence", police_token).status_code == 422


def test_pagination_is_bounded(api: Any, police_token: str) -> None:
    for _ in range(3):
        EventFactory()
    page = api("get", "events?limit=2&offset=1", police_token).json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (3, 2, 1, 2)
    assert api("get", "events?limit=201", police_token).status_code == 422
    assert api("get", "events?offset=-1", police_token).status_code == 422


def test_a_person_and_their_home_follow_the_policy(api: Any, police_token: str) -> None:
    person = PersonFactory(first_name="Jay", surname="Testperson", flags=["child"])
    body = api("get", f"people/{person.pk}", police_token).json()
    assert body["redacted"] is False
    assert (body["first_name"], body["flags"]) == ("Jay", ["child"])


def test_lines_list_and_detail(api: Any, police_token: str, council_token: str) -> None:
    line = CountyLineFactory(name="TINY line")
    listed = api("get", "lines", council_token).json()
    assert [item.get("name") for item in listed["items"]] == ["TINY line"]
    detail = api("get", f"lines/{line.pk}", police_token).json()
    assert detail["status"] == "active"
    assert detail["importing_areas"] == ["E07000130"]


def test_reads_are_audited_under_the_client_name(api: Any, council_token: str) -> None:
    report = IntelligenceEventFactory(owning_agency=agency("leicestershire-police"))
    api("get", "intelligence", council_token)
    api("get", f"intelligence/{report.pk}", council_token)
    entries = AuditEvent.objects.filter(action="consultation", object_type="intelligence_report")
    assert entries.count() == 2
    for entry in entries:
        assert entry.username == "api:charnwood-asb-system"
        assert entry.user is None
        assert entry.role == "partner_practitioner"
        assert entry.object_ids == [str(report.pk)]
    assert any("stub" in entry.summary for entry in entries)


def test_an_administrator_client_sees_nothing(api: Any, make_client: Any) -> None:
    IntelligenceEventFactory()
    token = make_client("leicestershire-police", "administrator")
    assert api("get", "intelligence", token).json()["count"] == 0


def test_an_unknown_query_parameter_is_named(api: Any, police_token: str) -> None:
    response = api("get", "events?knd=asb", police_token)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["knd"]
