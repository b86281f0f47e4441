"""The network page, its JSON and exports, for what the viewer may see."""

from __future__ import annotations

import csv
import io
from typing import Any

import networkx as nx
import pytest
from django.test import Client

from linewatch.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_lists_nodes_and_links_around_the_deal_line(small_line: dict[str, Any]) -> None:
    client = client_for(small_line["users"]["police.analyst"])
    deal = small_line["deal"]
    response = client.get("/network/", {"centre": f"phone:{deal.pk}"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="network-canvas"' in html
    assert f'data-record="person:{small_line["runner"].pk}"' in html
    assert f'data-record="location:{small_line["flat"].pk}"' in html
    assert f'data-record="countyline:{small_line["line"].pk}"' in html
    assert "Kyle HOLDER" in html
    assert "Suggested roles" in html
    assert AuditEvent.objects.filter(action="consultation", object_type="network").exists()


def test_json_is_cytoscape_elements(small_line: dict[str, Any]) -> None:
    client = client_for(small_line["users"]["police.analyst"])
    deal = small_line["deal"]
    data = client.get("/network/graph.json", {"centre": f"phone:{deal.pk}", "depth": 1}).json()
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert f"phone:{deal.pk}" in ids
    assert {f"phone:{c.pk}" for c in small_line["customers"]} <= ids
    assert f"person:{small_line['holder'].pk}" in ids
    assert not data["truncated"]
    edge = next(
        e["data"]
        for e in data["elements"]["edges"]
        if {e["data"]["source"], e["data"]["target"]}
        == {f"phone:{deal.pk}", f"person:{small_line['runner'].pk}"}
    )
    assert edge["records"] == [f"event:{small_line['seizure'].pk}"]
    assert edge["first"] == "2026-02-10"


def test_restricted_records_never_reach_a_partner(small_line: dict[str, Any]) -> None:
    client = client_for(small_line["users"]["charnwood.practitioner"])
    runner = small_line["runner"]
    response = client.get("/network/graph.json", {"centre": f"person:{runner.pk}", "depth": 3})
    body = response.content.decode()
    if response.status_code == 200:
        assert f"event:{small_line['secret'].pk}" not in body
        assert f"person:{small_line['informant'].pk}" not in body
        assert "Secret" not in body
    else:
        assert response.status_code == 404


def test_police_officer_does_not_see_the_restricted_arrest_either(
    small_line: dict[str, Any],
) -> None:
    client = client_for(small_line["users"]["police.officer"])
    runner = small_line["runner"]
    data = client.get("/network/graph.json", {"centre": f"person:{runner.pk}"}).json()
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert f"person:{small_line['informant'].pk}" not in ids


def test_date_and_kind_filters(small_line: dict[str, Any]) -> None:
    client = client_for(small_line["users"]["police.analyst"])
    deal = small_line["deal"]
    centre = f"phone:{deal.pk}"
    before = client.get(
        "/network/graph.json", {"centre": centre, "depth": 1, "to": "2026-02-15"}
    ).json()
    ids = {n["data"]["id"] for n in before["elements"]["nodes"]}
    assert f"person:{small_line['runner'].pk}" in ids
    assert not {f"phone:{c.pk}" for c in small_line["customers"]} & ids
    contacts = client.get(
        "/network/graph.json", {"centre": centre, "depth": 1, "kinds": "handset_contact"}
    ).json()
    ids = {n["data"]["id"] for n in contacts["elements"]["nodes"]}
    assert f"person:{small_line['runner'].pk}" not in ids
    assert {f"phone:{c.pk}" for c in small_line["customers"]} <= ids


def test_a_graph_too_large_to_draw_says_so(small_line: dict[str, Any], settings: Any) -> None:
    settings.LINEWATCH_NETWORK_NODE_CAP = 3
    client = client_for(small_line["users"]["police.analyst"])
    response = client.get("/network/", {"centre": f"phone:{small_line['deal'].pk}"})
    html = response.content.decode()
    assert "too large to draw" in html
    assert html.count('data-node="') == 3
    data = client.get("/network/graph.json", {"centre": f"phone:{small_line['deal'].pk}"}).json()
    assert data["truncated"]
    assert len(data["elements"]["nodes"]) == 3


def test_bad_centre_and_dates_get_an_error_summary(small_line: dict[str, Any]) -> None:
    client = client_for(small_line["users"]["police.analyst"])
    html = client.get(
        "/network/", {"centre": "boat:1", "from": "2026-03-01", "to": "2026-01-01"}
    ).content.decode()
    assert "There is a problem" in html
    assert "&#x27;boat:1&#x27; is not a centre" in html
    assert "must not be before" in html
    assert client.get("/network/graph.json", {"centre": "boat:1"}).status_code == 400
    assert client.get("/network/graph.json", {"centre": "phone:999999"}).status_code == 404


def test_exports_need_a_reason_and_are_audited_as_disclosures(small_line: dict[str, Any]) -> None:
    client = client_for(small_line["users"]["police.analyst"])
    centre = f"phone:{small_line['deal'].pk}"
    refused = client.get("/network/export/graphml/", {"centre": centre, "reason": ""})
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    response = client.get(
        "/network/export/graphml/",
        {"centre": centre, "reason": "Briefing for Op Test", "recipients": "West Midlands Police"},
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert centre in graph
    event = AuditEvent.objects.get(action="disclosure")
    assert event.justification == "Briefing for Op Test"
    assert event.recipients == "West Midlands Police"
    assert centre in event.object_ids
    i2 = client.get("/network/export/i2/", {"centre": centre, "reason": "Briefing"})
    rows = list(csv.DictReader(io.StringIO(i2.content.decode())))
    assert rows
    assert {"Entity1 Type", "Link Strength", "First Date"} <= set(rows[0])
    assert AuditEvent.objects.filter(action="disclosure").count() == 2


def test_start_page_offers_deal_lines(small_line: dict[str, Any]) -> None:
    client = client_for(small_line["users"]["police.analyst"])
    html = client.get("/network/").content.decode()
    assert f"centre=phone:{small_line['deal'].pk}" in html


def test_clusters_are_for_police_analysts(small_line: dict[str, Any]) -> None:
    assert (
        client_for(small_line["users"]["charnwood.analyst"]).get("/network/clusters/").status_code
        == 403
    )
    response = client_for(small_line["users"]["police.analyst"]).get("/network/clusters/")
    assert response.status_code == 200


def test_date_filter_applies_to_register_entries_too(small_line: dict[str, Any]) -> None:
    import datetime as dt

    from linewatch.web.lines.models import LineMember

    LineMember.objects.filter(person=small_line["holder"]).update(valid_from=dt.date(2026, 6, 1))
    client = client_for(small_line["users"]["police.analyst"])
    data = client.get(
        "/network/graph.json",
        {"centre": f"line:{small_line['line'].pk}", "depth": 1, "to": "2026-03-01"},
    ).json()
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert f"person:{small_line['holder'].pk}" not in ids  # joined the line after the range
    assert f"phone:{small_line['deal'].pk}" in ids


def test_resolved_people_merge_through_the_single_hook(
    small_line: dict[str, Any], monkeypatch: Any
) -> None:
    from linewatch.web.network import entities

    holder, runner = small_line["holder"], small_line["runner"]

    def same_person(person_ids: Any) -> dict[int, str]:
        merged = {holder.pk, runner.pk}
        return {pk: "person:merged" if pk in merged else f"person:{pk}" for pk in person_ids}

    monkeypatch.setattr(entities, "entity_key_for", same_person)
    client = client_for(small_line["users"]["police.analyst"])
    data = client.get("/network/graph.json", {"centre": f"phone:{small_line['deal'].pk}"}).json()
    merged = [n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == "person:merged"]
    assert len(merged) == 1
    assert sorted(merged[0]["records"]) == sorted([f"person:{holder.pk}", f"person:{runner.pk}"])
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert f"person:{holder.pk}" not in ids
