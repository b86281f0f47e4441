"""The map's GeoJSON layers: boundaries for everyone, events and hotspots per the policy."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
QUERY = {"la": "E07000130", "quarter": "2020Q4"}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_base_layer_is_the_shared_one(known_events: dict[str, Any]) -> None:
    client = client_for(known_events["charnwood.practitioner"])
    assert client.get("/trends/boundaries.geojson").status_code == 404  # the copy is gone
    features = json.loads(client.get("/maps/authorities.geojson").content)["features"]
    assert len(features) == 9
    names = {f["properties"]["LAD13CD"]: f["properties"]["LAD13NM"] for f in features}
    assert names["E07000130"] == "Charnwood"  # the properties trends-map.js reads


def test_ward_counts_are_only_those_the_viewer_may_see(known_events: dict[str, Any]) -> None:
    query = {**QUERY, "level": "ward", "category": "drugs"}
    analyst = client_for(known_events["police.analyst"]).get("/trends/areas.geojson", query)
    partner = client_for(known_events["charnwood.practitioner"]).get("/trends/areas.geojson", query)
    assert analyst.status_code == 200
    by_code = {f["properties"]["code"]: f["properties"] for f in analyst.json()["features"]}
    assert len(by_code) == 28  # every Charnwood ward, drawn even where there is none
    assert by_code["E05005436"]["count"] == 87
    assert by_code["E05005426"]["text"] == "none"
    partner_counts = {f["properties"]["code"]: f["properties"]["count"]
                      for f in partner.json()["features"]}  # fmt: skip
    assert partner_counts["E05005436"] == 80
    assert analyst.json()["properties"]["level"] == "ward"
    npa = client_for(known_events["police.analyst"]).get(
        "/trends/areas.geojson", {**QUERY, "level": "npa"}
    )
    assert [f["properties"]["code"] for f in npa.json()["features"]] == ["Charnwood"]
    bad = client_for(known_events["police.analyst"]).get(
        "/trends/areas.geojson", {**QUERY, "level": "county"}
    )
    assert bad.status_code == 400
    assert "Choose local authority, NPA, ward or LSOA" in bad.content.decode()


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
