"""The map's GeoJSON layers: boundaries for everyone, events and hotspots per the policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
QUERY = {"la": "E07000130", "quarter": "2020Q4"}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_boundaries_are_the_nine_authorities(known_events: dict[str, Any]) -> None:
    data = client_for(known_events["charnwood.practitioner"]).get("/trends/boundaries.geojson")
    features = data.json()["features"]
    assert len(features) == 9
    assert {"code": "E07000130", "name": "Charnwood"} in [f["properties"] for f in features]


def test_event_points_are_only_those_the_viewer_may_see(known_events: dict[str, Any]) -> None:
    analyst = client_for(known_events["police.analyst"]).get("/trends/events.geojson", QUERY)
    partner = client_for(known_events["charnwood.practitioner"]).get(
        "/trends/events.geojson", QUERY
    )
    assert len(analyst.json()["features"]) == 87
    assert len(partner.json()["features"]) == 80
    first = partner.json()["features"][0]
    assert set(first["properties"]) == {"kind", "category"}  # no names, no text, no ids
    assert first["properties"]["category"] == "Drug offences (police.uk)"


def test_hotspots_mark_the_busy_square(known_events: dict[str, Any]) -> None:
    data = client_for(known_events["police.analyst"]).get("/trends/hotspots.geojson", QUERY)
    cells = data.json()["features"]
    assert cells[0]["properties"]["count"] == 87
    assert cells[0]["geometry"]["type"] == "Polygon"


def test_a_bad_area_is_a_clear_json_error(known_events: dict[str, Any]) -> None:
    response = client_for(known_events["police.analyst"]).get(
        "/trends/events.geojson", {"la": "nowhere"}
    )
    assert response.status_code == 400
    assert "la" in response.json()["errors"]
