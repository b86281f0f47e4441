"""The review queue for locations: listed through the policy, decided, kept by later runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.audit.models import AuditEvent
from linewatch.web.linking.models import ObjectEntity, ObjectLink
from linewatch.web.linking.object_runs import resolve_objects

from ..factories import LocationFactory, agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(agencies: dict[str, Any], demo_users: dict[str, Any]) -> dict[str, Any]:
    flat = LocationFactory(address="14 Rosebery Street", postcode="LE11 5DX")
    misspelt = LocationFactory(address="14 Roseberry Street", postcode="LE11 5DX")
    secret = LocationFactory(
        address="14 Rosebery Stret",
        postcode="LE11 5DX",
        owning_agency=agency("charnwood-bc"),
        handling_code="C",
        sensitivity="restricted",
    )
    resolve_objects("location")
    return {"flat": flat, "misspelt": misspelt, "secret": secret, "users": demo_users}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_lists_only_pairs_whose_places_the_analyst_may_see(
    places: dict[str, Any],
) -> None:
    analyst = places["users"]["police.analyst"]
    assert decide_for(analyst, places["secret"]) is not Decision.VISIBLE
    assert ObjectLink.objects.filter(outcome="review").count() == 3  # every pair of the three
    html = _client(analyst).get("/linking/places/").content.decode()
    assert "1 pair awaiting review" in html
    assert f'data-record="location:{places["secret"].pk}"' not in html
    assert "Rosebery Stret" not in html
    hidden = ObjectLink.objects.exclude(
        left_id=places["flat"].pk, right_id=places["misspelt"].pk
    ).first()
    assert hidden is not None
    assert _client(analyst).get(f"/linking/places/{hidden.pk}/").status_code == 404
    practitioner = places["users"]["charnwood.practitioner"]
    assert _client(practitioner).get("/linking/places/").status_code == 403


def test_a_confirmation_joins_the_places_and_later_runs_keep_it(places: dict[str, Any]) -> None:
    flat, misspelt = places["flat"], places["misspelt"]
    link = ObjectLink.objects.get(left_id=flat.pk, right_id=misspelt.pk)
    client = _client(places["users"]["police.analyst"])
    refused = client.post(f"/linking/places/{link.pk}/", {"decision": "confirmed", "version": 1})
    assert "Enter the reason for your decision" in refused.content.decode()
    response = client.post(
        f"/linking/places/{link.pk}/",
        {"decision": "confirmed", "reason": "Same flat; the street is misspelt", "version": 1},
    )
    assert response.status_code == 302
    joined = dict(
        ObjectEntity.objects.filter(kind="location").values_list("object_id", "entity_key")
    )
    assert joined[misspelt.pk] == joined[flat.pk] == f"L{flat.pk}"
    resolve_objects("location")  # a later run keeps the decision
    link.refresh_from_db()
    assert link.outcome == "confirmed"
    assert ObjectEntity.objects.get(kind="location", object_id=misspelt.pk).entity_key == (
        f"L{flat.pk}"
    )
    assert AuditEvent.objects.filter(
        action="combination", object_type="location", justification__startswith="Same flat"
    ).exists()
    stale = client.post(
        f"/linking/places/{link.pk}/",
        {"decision": "rejected", "reason": "Second thoughts", "version": 1},
    )
    assert stale.status_code == 302
    link.refresh_from_db()
    assert link.outcome == "confirmed"  # the old version was refused
    client.post(
        f"/linking/places/{link.pk}/",
        {"decision": "rejected", "reason": "Two flats after all", "version": 2},
    )
    assert not ObjectEntity.objects.filter(kind="location", object_id=misspelt.pk).exists()
