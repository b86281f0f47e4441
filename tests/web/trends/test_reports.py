"""Reports from the web: HTML, PDF, annex; suppression; the policy; each one audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from linewatch.web.audit.models import AuditEvent

from .conftest import street_crime

pytestmark = pytest.mark.django_db
QUERY = {"la": "E07000133", "quarter": "2020Q4"}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def annex(response: Any) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    return {row["category"]: row for row in rows}


def test_the_partner_version_suppresses_small_numbers(known_events: dict[str, Any]) -> None:
    client = client_for(known_events["police.analyst"])
    partner = annex(client.get("/trends/annex.csv", {**QUERY, "audience": "partner"}))
    police = annex(client.get("/trends/annex.csv", {**QUERY, "audience": "police"}))
    assert police["needle_finds"]["count"] == "2"
    assert partner["needle_finds"]["count"] == ""
    assert partner["needle_finds"]["note"] == "fewer than 5"
    assert partner["drug_seizures"]["note"] == "no data"  # never a misleading zero


def test_only_police_users_may_produce_the_police_version(known_events: dict[str, Any]) -> None:
    response = client_for(known_events["charnwood.practitioner"]).get(
        "/trends/report/", {**QUERY, "audience": "police"}
    )
    assert response.status_code == 400
    assert "Only police users can produce the police version" in response.content.decode()


def test_the_pdf_is_a_pdf_and_is_audited_as_a_disclosure(known_events: dict[str, Any]) -> None:
    client = client_for(known_events["charnwood.practitioner"])
    response = client.get("/trends/report.pdf", {"la": "E07000130", "quarter": "2020Q4"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="quarterly-E07000130-2020Q4-partner.pdf"' in response["Content-Disposition"]
    audit = AuditEvent.objects.get(action="disclosure", object_type="quarterly_report")
    assert audit.username == "charnwood.practitioner"
    assert audit.object_ids == ["E07000130:2020Q4"]
    assert "partner version, PDF" in audit.summary


def test_the_report_page_and_xlsx(known_events: dict[str, Any]) -> None:
    client = client_for(known_events["police.analyst"])
    page = client.get("/trends/report/", {"la": "E07000130", "quarter": "2020Q4"})
    html = page.content.decode()
    assert "Quarterly partnership report: Charnwood, October to December 2020" in html
    assert "Method note" in html
    assert "Rates per 1,000 residents are shown only where a population figure" in html
    assert "Rates: rate not shown: no population figures configured for Charnwood." in html
    book = load_workbook(io.BytesIO(client.get("/trends/annex.xlsx", {"la": "E07000130"}).content))
    assert book.sheetnames == ["counts", "areas_changed", "about"]
    areas = list(book["areas_changed"].values)
    assert areas[1][:5] == ("ward", "E05005436", areas[1][2], "drugs", 87)
    header = [c.value for c in book["counts"][1]]
    assert header[:4] == ["la_code", "la_name", "quarter", "category"]


def test_the_board_update(known_events: dict[str, Any]) -> None:
    from ..factories import CountyLineFactory

    CountyLineFactory(name="TINY line", status="active", importing_areas=["E07000130"])
    client = client_for(known_events["police.analyst"])
    html = client.get("/trends/board/", {"quarter": "2020Q4", "audience": "police"})
    text = html.content.decode()
    assert "Active lines" in text
    assert "TINY line" in text
    assert "For the author to write." in text
    assert "Charnwood: drug offences (police.uk) up" in text  # a priority: more than noise
    partner = client.get("/trends/board/", {"quarter": "2020Q4", "audience": "partner"})
    assert "TINY line" not in partner.content.decode()  # numbers only, and small ones hidden
    assert AuditEvent.objects.filter(object_type="board_update", action="disclosure").count() == 2


def test_the_report_lists_the_wards_that_changed_beyond_noise(known_events: dict[str, Any]) -> None:
    q3, q4 = dt.datetime(2020, 8, 1, tzinfo=dt.UTC), dt.datetime(2020, 11, 1, tzinfo=dt.UTC)
    melton = {"area": "E07000133", "easting": None, "northing": None, "lsoa_code": ""}
    # Melton Craven (E05005501): drug offences from 20 to 45, more than noise
    street_crime(20, q3, latitude=52.7657, longitude=-0.8868, **melton)
    street_crime(45, q4, latitude=52.7657, longitude=-0.8868, **melton)
    # Asfordby (E05005495): from 10 to 12, within normal variation
    street_crime(10, q3, latitude=52.7720, longitude=-0.9610, **melton)
    street_crime(12, q4, latitude=52.7720, longitude=-0.9610, **melton)
    client = client_for(known_events["police.analyst"])
    html = client.get("/trends/report/", {**QUERY, "audience": "partner"}).content.decode()
    section = html.split('id="areas-changed"')[1].split("<h2")[0]
    rows = [
        r.split("</tr>")[0] for r in section.split('<tr class="govuk-table__row" data-area=')[1:]
    ]
    assert len(rows) == 3, section
    # police.uk sent data for 2019Q4 (in Charnwood), so Melton's wards had none then: a rise
    # from zero, more than noise, as at authority level (not "no data")
    assert "Melton Craven (E05005501)" in rows[0]
    assert "up 45 (from 0) on the same quarter last year" in rows[0]
    assert "Asfordby (E05005495)" in rows[1]
    assert "up 12 (from 0) on the same quarter last year" in rows[1]
    assert "up 125% (from 20) on the previous quarter" in rows[2]
    assert "up 20% (from 10)" not in section  # Asfordby's wobble is within normal variation
    # the 2 needle finds are suppressed for partners, and so is any change involving them
    assert 'data-category="needle_finds"' not in section
