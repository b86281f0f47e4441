"""Resolving the database's phones, locations and vehicles, and the network drawing them."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import EventPhone, EventVehicle
from linewatch.web.linking.models import ObjectEntity
from linewatch.web.linking.object_runs import resolve_objects
from linewatch.web.pole.models import Phone, Vehicle

from ..factories import EventFactory, LocationFactory, agency

pytestmark = pytest.mark.django_db


def _phone(text: str, code: str = "leicestershire-police") -> Phone:
    return Phone.objects.create(e164=text, owning_agency=agency(code), received_at=timezone.now())


@pytest.fixture
def duplicates(agencies: dict[str, Any], demo_users: dict[str, Any]) -> dict[str, Any]:
    """A deal line stored once in E.164 and once raw by another agency, two spellings of one
    flat, and one van written two ways; each on an event of its own."""
    e164, raw, other = (
        _phone("+447700900123"),
        _phone("07700 900123", "charnwood-bc"),
        _phone("+447700900999"),
    )
    flat = LocationFactory(address="14 Rosebery Street, Loughborough", postcode="LE11 5DX")
    flat2 = LocationFactory(address="14 ROSEBERY ST LOUGHBOROUGH", postcode="le115dx")
    van = Vehicle.objects.create(vrm="AB12CDE", owning_agency=agency(), received_at=timezone.now())
    van2 = Vehicle.objects.create(
        vrm="AB12 CDE", owning_agency=agency("charnwood-bc"), received_at=timezone.now()
    )
    for phone, location, vehicle in ((e164, flat, van), (raw, flat2, van2)):
        event = EventFactory(kind="asb", location=location)
        EventPhone.objects.create(event=event, phone=phone)
        EventVehicle.objects.create(event=event, vehicle=vehicle)
    event = EventFactory(kind="asb")
    EventPhone.objects.create(event=event, phone=raw)
    EventPhone.objects.create(event=event, phone=other)
    return {
        "phones": (e164, raw, other),
        "places": (flat, flat2),
        "vans": (van, van2),
        "users": demo_users,
    }


def test_each_kind_resolves_its_variants_into_one_entity(duplicates: dict[str, Any]) -> None:
    e164, raw, other = duplicates["phones"]
    figures = {kind: resolve_objects(kind) for kind in ("phone", "location", "vehicle")}
    assert (figures["phone"].records, figures["phone"].entities) == (3, 2)
    memberships = {
        (m.kind, m.object_id): (m.entity_key, m.rule) for m in ObjectEntity.objects.all()
    }
    assert memberships[("phone", raw.pk)] == (f"P{e164.pk}", "formatting variant")
    assert ("phone", other.pk) not in memberships
    flat, flat2 = duplicates["places"]
    assert memberships[("location", flat2.pk)][0] == f"L{flat.pk}"
    van, van2 = duplicates["vans"]
    assert memberships[("vehicle", van2.pk)][0] == f"V{van.pk}"
    # a second run replaces the memberships, it does not add to them
    resolve_objects("phone")
    assert ObjectEntity.objects.filter(kind="phone").count() == 2
    assert AuditEvent.objects.filter(action="combination", object_type="phone").count() == 2


def test_the_network_draws_a_resolved_phone_location_and_vehicle_as_one_node_each(
    duplicates: dict[str, Any],
) -> None:
    for kind in ("phone", "location", "vehicle"):
        resolve_objects(kind)
    e164, raw, other = duplicates["phones"]
    client = Client()
    client.force_login(duplicates["users"]["police.analyst"])
    data = client.get("/network/graph.json", {"centre": f"phone:{raw.pk}", "depth": 2}).json()
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert data["centre"] == f"phone:{e164.pk}"
    assert sorted(nodes[f"phone:{e164.pk}"]["records"]) == sorted(
        [f"phone:{e164.pk}", f"phone:{raw.pk}"]
    )
    assert f"phone:{raw.pk}" not in nodes
    assert f"phone:{other.pk}" in nodes  # reached through the raw copy's own record
    flat, flat2 = duplicates["places"]
    assert sorted(nodes[f"location:{flat.pk}"]["records"]) == sorted(
        [f"location:{flat.pk}", f"location:{flat2.pk}"]
    )
    van, van2 = duplicates["vans"]
    assert len(nodes[f"vehicle:{van.pk}"]["records"]) == 2
    assert f"vehicle:{van2.pk}" not in nodes


def test_an_erased_row_leaves_its_entity(duplicates: dict[str, Any]) -> None:
    resolve_objects("phone")
    e164, raw, _other = duplicates["phones"]
    raw.delete()
    assert list(ObjectEntity.objects.filter(kind="phone").values_list("object_id", flat=True)) == [
        e164.pk
    ]


def test_the_command_prints_the_figures(agencies: dict[str, Any]) -> None:
    from linewatch.cli.groups import main_group

    _phone("+447700900123")
    _phone("7700900123")
    result = CliRunner().invoke(main_group, ["link", "phones"])
    assert result.exit_code == 0, result.output
    assert "2 phones: 1 entities, 2 records joined to another, 0 pairs for review" in result.output
