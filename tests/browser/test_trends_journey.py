"""An analyst opens the trends page for Charnwood, sees the map and the charts, and downloads
the quarterly report as a PDF, which is then checked page by page as an image."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import expect

from .support import ANALYST, Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_analyst_sees_charnwood_trends_and_downloads_the_pdf(journey: Journey) -> None:
    from django.urls import reverse

    page, site = journey.page, journey.site
    # The live server runs in this process: load the URLconf (and every view module behind
    # it, some slow to import) before the browser's first request has to wait for it.
    reverse("trends:index")
    journey.signed_in_as(ANALYST)
    journey.goto("/trends/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trends, hotspots and partnership reports"
    )
    page.get_by_label("Local authority").select_option(label="Charnwood")
    page.get_by_role("button", name="Show trends").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charnwood")
    assert "la=E07000130" in page.url

    # The map: Leaflet drew the nine boundaries as its base layer, with no tile server.
    box = page.locator("#lw-trends-map")
    expect(box).to_have_class(re.compile(r"\bleaflet-container\b"))
    expect(box).to_have_class(re.compile(r"\blw-map-ready\b"))
    expect(box).to_have_attribute("data-boundaries-drawn", "9")
    expect(box).to_have_attribute("data-events-drawn", re.compile(r"^[1-9][0-9]*$"))
    expect(box).to_have_attribute("data-hotspots-drawn", re.compile(r"^[0-9]+$"))
    assert page.locator("#lw-trends-map .leaflet-overlay-pane canvas, "
                        "#lw-trends-map .leaflet-overlay-pane svg").count() > 0  # fmt: skip
    assert page.locator("#lw-trends-map img.leaflet-tile").count() == 0
    expect(page.get_by_text("Local authority boundaries", exact=True)).to_be_visible()

    # The charts, drawn by the server as SVG.
    charts = page.locator("svg[data-chart]")
    assert charts.count() >= 1
    expect(page.locator('svg[data-chart="drugs"]')).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Drug offences (police.uk)")

    # Break down by ward: the table of Charnwood's wards, and the map shades all 28 of them.
    page.get_by_label("Break down by").select_option(label="Ward")
    page.get_by_role("button", name="Show", exact=True).click()
    assert "level=ward" in page.url
    expect(page.locator('table[data-level="ward"]')).to_be_visible()
    expect(page.locator("#lw-trends-map")).to_have_attribute("data-areas-drawn", "28")
    expect(page.get_by_role("heading", name="Drug offences (police.uk) by ward")).to_be_visible()

    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("link", name="Download the police version (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("quarterly-E07000130-")
    assert download.suggested_filename.endswith("-police.pdf")
    pdf = pdfium.PdfDocument(download.path())
    assert len(pdf) > 0
    text = ""
    for index in range(len(pdf)):
        pdf_page = pdf[index]
        text += pdf_page.get_textpage().get_text_range()
        image = pdf_page.render(scale=0.6).to_pil().convert("L")
        darkest, lightest = image.getextrema()
        assert darkest < 100, f"page {index + 1} has no dark ink: blank?"
        assert lightest > 200
        inked = sum(1 for value in image.getdata() if value < 200)
        assert inked > 500, f"page {index + 1} is nearly blank ({inked} inked pixels)"
    assert "Quarterly partnership report: Charnwood" in text
    assert "Method note" in text

    from linewatch.web.audit.models import AuditEvent

    disclosure = AuditEvent.objects.filter(
        action="disclosure", object_type="quarterly_report"
    ).last()
    assert disclosure is not None
    assert disclosure.username == ANALYST
    assert "police version, PDF" in disclosure.summary
    assert site.url
