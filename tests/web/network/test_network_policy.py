"""Every node and every record behind a link in the network is one the viewer may see in full,
for every demo user, in the JSON, the page and the exports."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.events.models import Event, EventPerson, EventPhone
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person, Phone, Vehicle

from ..factories import EventFactory, PersonFactory, agency

pytestmark = pytest.mark.django_db

MODELS = {
    "person": Person,
    "phone": Phone,
    "location": Location,
    "vehicle": Vehicle,
    "line": CountyLine,
    "countyline": CountyLine,
    "event": Event,
}
USERNAMES = (
    "police.analyst",
    "police.officer",
    "police.commander",
    "police.auditor",
    "police.admin",
    "charnwood.practitioner",
    "charnwood.analyst",
    "county.socialworker",
    "housing.officer",
    "recovery.worker",
    "city.analyst",
)
MARKER = re.compile(r'data-record="([a-z]+):(\d+)"')


@pytest.fixture
def mixed(small_line: dict[str, Any]) -> dict[str, Any]:
    """Records of several agencies and markings around the deal line."""
    deal, runner = small_line["deal"], small_line["runner"]
    for code, handling, sensitivity in (
        ("midshires-housing", "C", "standard"),
        ("charnwood-bc", "P", "sensitive"),
        ("llr-recovery", "P", "standard"),
        ("leicestershire-police", "P", "restricted"),
    ):
        owner = agency(code)
        person = PersonFactory(owning_agency=owner, handling_code=handling, sensitivity=sensitivity)
        event = EventFactory(
            kind="asb", owning_agency=owner, handling_code=handling, sensitivity=sensitivity
        )
        EventPerson.objects.create(event=event, person=person)
        EventPerson.objects.create(event=event, person=runner)
        EventPhone.objects.create(event=event, phone=deal)
    return small_line


def _check(user: Any, reference: str) -> str | None:
    kind, _, pk = reference.partition(":")
    record = MODELS[kind].objects.select_related("owning_agency").get(pk=int(pk))
    decision = decide_for(user, record)
    return None if decision is Decision.VISIBLE else f"{reference} is {decision.value}"


@pytest.mark.parametrize("username", USERNAMES)
def test_network_shows_only_visible_records(username: str, mixed: dict[str, Any]) -> None:
    user = mixed["users"][username]
    client = Client()
    client.force_login(user)
    centres = [f"phone:{mixed['deal'].pk}", f"person:{mixed['runner'].pk}"]
    problems, shown = [], 0
    for centre in centres:
        response = client.get("/network/graph.json", {"centre": centre, "depth": 3})
        if response.status_code == 404:
            assert _check(user, centre), f"{centre} is visible but answered 404"
            continue
        assert response.status_code == 200
        data = response.json()
        for node in data["elements"]["nodes"]:
            shown += 1
            for reference in node["data"].get("records") or [node["data"]["id"]]:
                problems.append(_check(user, reference))
        for edge in data["elements"]["edges"]:
            for reference in edge["data"]["records"]:
                if reference.startswith("event:"):
                    problems.append(_check(user, reference))
        html = client.get("/network/", {"centre": centre, "depth": 3}).content.decode()
        for kind, pk in MARKER.findall(html):
            problems.append(_check(user, f"{kind}:{pk}"))
        i2 = client.get("/network/export/i2/", {"centre": centre, "depth": 3, "reason": "test"})
        for row in csv.DictReader(io.StringIO(i2.content.decode())):
            for reference in (row["Entity1 Identity"], row["Entity2 Identity"]):
                problems.append(_check(user, reference))
    problems = [p for p in problems if p]
    assert not problems, f"{username}: " + "; ".join(problems[:10])
    if username == "police.analyst":
        assert shown > 10


def test_partner_sees_fewer_nodes_than_police(mixed: dict[str, Any]) -> None:
    def count(username: str) -> int:
        client = Client()
        client.force_login(mixed["users"][username])
        response = client.get("/network/graph.json", {"centre": f"phone:{mixed['deal'].pk}"})
        return len(response.json()["elements"]["nodes"]) if response.status_code == 200 else 0

    assert count("housing.officer") < count("police.analyst")
