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
    assert 'data-boundaries-url="/maps/authorities.geojson"' in html  # the shared base layer
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


def test_the_page_breaks_down_by_ward_within_what_the_viewer_may_see(
    known_events: dict[str, Any],
) -> None:
    query = {"la": "E07000130", "quarter": "2020Q4", "level": "ward", "category": "drugs"}
    analyst = client_for(known_events["police.analyst"]).get("/trends/area/", query)
    assert analyst.status_code == 200
    html = analyst.content.decode()
    assert '<option value="ward" selected>Ward</option>' in html
    assert "Drug offences (police.uk) by ward</h2>" in html
    assert (
        'data-areas-url="/trends/areas.geojson?la=E07000130&amp;quarter=2020Q4&amp;level=ward'
        in html
    )
    assert 'data-level="ward"' in html  # the server-drawn map is by ward too
    row = html.split('data-area="E05005436"')[1].split("</tr>")[0]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">87</td>' in row
    assert "40: up 118% (from 40)" in row
    assert "rate not shown: no population figures configured for" in row
    partner = client_for(known_events["charnwood.practitioner"]).get("/trends/area/", query)
    row = partner.content.decode().split('data-area="E05005436"')[1].split("</tr>")[0]
    assert 'numeric">80</td>' in row
    npa = client_for(known_events["police.analyst"]).get("/trends/area/", {**query, "level": "npa"})
    assert 'data-area="Charnwood"' in npa.content.decode()


def test_rates_come_only_from_a_configured_population_file(
    known_events: dict[str, Any], tmp_path: Any, settings: Any
) -> None:
    query = {"la": "E07000130", "quarter": "2020Q4"}
    html = client_for(known_events["police.analyst"]).get("/trends/area/", query).content.decode()
    assert "Rates: rate not shown: no population figures configured for Charnwood." in html
    path = tmp_path / "population.csv"
    path.write_text("area_code,population,year\nE07000130,174000,2020\n", "utf-8")  # test figure
    settings.LINEWATCH_POPULATION_FILE = str(path)
    html = client_for(known_events["police.analyst"]).get("/trends/area/", query).content.decode()
    # 87 drug offences per 174,000 residents = 0.5 per 1,000
    assert "Drug offences (police.uk): 0.5 per 1,000 residents (population 2020)" in html


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
    assert client.get("/trends/areas.geojson", {"la": "E07000130"}).status_code == 403


def test_quarters_follow_uk_local_time(known_events: dict[str, Any]) -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time: the third quarter.
    street_crime(1, dt.datetime(2020, 6, 30, 23, 30, tzinfo=dt.UTC), category="Robbery")
    table = count_table(None)
    assert table.get("E07000130", Quarter(2020, 3), "robbery") == 1
    assert ("E07000130", Quarter(2020, 2), "robbery") not in table.counts
