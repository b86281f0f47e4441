"""The trends pages: choose an authority; its map, charts and tables of what the viewer may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from linewatch.core.trends import Quarter
from linewatch.web.audit.models import AuditEvent
from linewatch.web.trends.queries import count_table

from .conftest import street_crime

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_index_lists_every_authority(known_events: dict[str, Any]) -> None:
    html = client_for(known_events["police.analyst"]).get("/trends/").content.decode()
    assert 'href="/trends/area/?la=E07000130"' in html
    assert html.count('href="/trends/area/?la=E0') == 9


def test_charnwood_shows_the_map_charts_and_the_change(known_events: dict[str, Any]) -> None:
    response = client_for(known_events["police.analyst"]).get(
        "/trends/area/", {"la": "E07000130", "quarter": "2020Q4"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Charnwood</h1>' in html
    assert 'id="lw-trends-map"' in html
    assert 'data-boundaries-url="/trends/boundaries.geojson"' in html
    assert 'data-map="E07000130"' in html  # the server-drawn map, for browsers without JS
    assert 'data-chart="drugs"' in html
    assert "<script>" not in html
    assert " style=" not in html
    # 87 drug offences this quarter (the analyst reads the C-coded ones too) against 40
    assert "up 118% (from 40), <strong" in html
    assert AuditEvent.objects.filter(action="consultation", object_type="trends").exists()


def test_a_partner_counts_only_what_she_may_see(known_events: dict[str, Any]) -> None:
    html = (
        client_for(known_events["charnwood.practitioner"])
        .get("/trends/area/", {"la": "E07000130", "quarter": "2020Q4"})
        .content.decode()
    )
    assert "up 100% (from 40)" in html  # 80, not 87: the C-coded seven are not hers to count


def test_the_latest_quarter_with_data_is_the_default(known_events: dict[str, Any]) -> None:
    html = (
        client_for(known_events["police.analyst"])
        .get("/trends/area/", {"la": "E07000130"})
        .content.decode()
    )
    assert "Trends · October to December 2020" in html


def test_a_quarter_with_no_data_says_so(known_events: dict[str, Any]) -> None:
    html = (
        client_for(known_events["police.analyst"])
        .get("/trends/area/", {"la": "E07000130", "quarter": "2018Q2"})
        .content.decode()
    )
    assert "There is no data for Charnwood in April to June 2018" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"la": "E99999999"}, "Choose one of the nine local authorities"),
        ({"la": ""}, "Choose a local authority"),
        ({"la": "E07000130", "quarter": "2020Q5"}, "Enter a quarter like 2020Q4"),
    ],
)
def test_bad_choices_get_an_error_summary(
    known_events: dict[str, Any], query: dict[str, str], message: str
) -> None:
    response = client_for(known_events["police.analyst"]).get("/trends/area/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html


def test_administrators_see_no_counts(known_events: dict[str, Any]) -> None:
    client = client_for(known_events["police.admin"])
    assert client.get("/trends/area/", {"la": "E07000130"}).status_code == 403
    assert client.get("/trends/boundaries.geojson").status_code == 403


def test_quarters_follow_uk_local_time(known_events: dict[str, Any]) -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time: the third quarter.
    street_crime(1, dt.datetime(2020, 6, 30, 23, 30, tzinfo=dt.UTC), category="Robbery")
    table = count_table(None)
    assert table.get("E07000130", Quarter(2020, 3), "robbery") == 1
    assert ("E07000130", Quarter(2020, 2), "robbery") not in table.counts
