"""Map reference data: LA boundaries for the base layer and postcode points."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_base_layer_has_the_nine_authorities(demo_users: dict[str, Any]) -> None:
    response = signed_in(demo_users["charnwood.practitioner"]).get("/maps/authorities.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    names = {f["properties"]["LAD13NM"] for f in json.loads(response.content)["features"]}
    assert len(names) == 9
    assert {"Charnwood", "Leicester", "Rutland"} <= names


def test_a_postcode_is_found_in_any_spacing(demo_users: dict[str, Any]) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    found = client.get("/maps/postcode.json", {"postcode": "le113tu"}).json()
    assert found["found"] is True
    assert found["postcode"] == "LE11 3TU"
    assert 52.7 < found["lat"] < 52.8
    assert -1.3 < found["lon"] < -1.1
    missing = client.get("/maps/postcode.json", {"postcode": "SW1A 1AA"})
    assert missing.status_code == 200
    assert missing.json()["found"] is False
    assert "not a postcode in Leicester" in missing.json()["error"]


def test_map_data_needs_a_signed_in_user() -> None:
    response = Client().get("/maps/postcode.json", {"postcode": "LE11 3TU"})
    assert response.status_code in (302, 401, 403)
