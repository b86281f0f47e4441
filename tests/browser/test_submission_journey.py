"""Submitting intelligence as a partner and grading it as a police analyst, in a real browser.

Amy Fletcher (Charnwood Borough Council, partner practitioner) tells Linewatch what she saw
through the plain-language form, which has no grading fields; her report goes to the
analysts' grading queue.  Priya Shah (Leicestershire Police, intelligence analyst) picks it
from the queue, links the phone and the address the text mentions, and grades it 2BP.

Each test runs in a transaction rolled back after it (see ``conftest.py``), so a test that
needs a report submits its own and finds it again by the reference in the success banner.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .support import ANALYST, PRACTITIONER, Journey, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REPORT_TEXT = (
    "Jayden SMITH seen at 14 Rosebery Street, Loughborough LE11 5DX using phone "
    "07700 900123 to take orders; silver car reg AB12 CDE."
)
PHONE_E164 = "+447700900123"
POSTCODE = "LE11 5DX"
CUCKOOING_SIGN = "Lots of people visiting for a few minutes, at all hours"
GRADING_FIELDS = (
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
)
SENT = re.compile(r"Report (WEB/\S+) sent\. A police analyst will grade it\.")


def _open_submission_form(journey: Journey) -> None:
    """Intelligence (service navigation) -> Submit intelligence."""
    page, site = journey.page, journey.site
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Intelligence").click()
    expect(page).to_have_url(site.at("/intelligence/"))
    page.get_by_role("link", name="Submit intelligence").click()
    expect(page).to_have_url(site.at("/intelligence/submit/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you know")


def _fill_report(journey: Journey, postcode: str = "") -> None:
    page = journey.page
    page.get_by_label("What did you see or hear?").fill(REPORT_TEXT)
    seen = timezone.localdate() - timedelta(days=3)
    page.get_by_label("Day").fill(str(seen.day))
    page.get_by_label("Month").fill(str(seen.month))
    page.get_by_label("Year").fill(str(seen.year))
    page.get_by_label("Time (optional)").fill("21:30")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label(CUCKOOING_SIGN).check()


def _submit(journey: Journey) -> str:
    """Press "Submit report"; expect the report page with the green banner; its reference."""
    page, site = journey.page, journey.site
    page.get_by_role("button", name="Submit report").click()
    expect(page).to_have_url(re.compile(re.escape(site.at("/intelligence/")) + r"\d+/$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner.locator(".govuk-notification-banner__heading")).to_have_text(SENT)
    match = SENT.search(banner.inner_text())
    assert match is not None
    ref = match.group(1)
    expect(page.get_by_role("heading", level=1)).to_have_text(ref)
    return ref


def _expect_no_grading_fields(journey: Journey) -> None:
    page = journey.page
    form = page.locator("main form")
    for name in GRADING_FIELDS:
        expect(form.locator(f'[name="{name}"]')).to_have_count(0)
    expect(page.get_by_role("group", name="Source evaluation")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("Grading"))).to_have_count(0)
    # What she does get: the sensitivity radios, with "Standard" chosen.
    expect(form.locator('input[name="sensitivity"][value="standard"]')).to_be_checked()


def test_partner_practitioner_submits_a_report_without_grading_it(
    journey: Journey, site: Site
) -> None:
    page = journey.page
    journey.sign_in(PRACTITIONER)
    expect(page).to_have_url(site.at("/"))
    _open_submission_form(journey)
    _expect_no_grading_fields(journey)

    _fill_report(journey)
    ref = _submit(journey)
    assert ref.startswith("WEB/")
    record = page.locator("main [data-record^='event:']")
    expect(record).to_contain_text("Awaiting grading")
    expect(record.locator(".lw-report-text")).to_contain_text("Jayden SMITH seen at")
    indicators = record.locator(".govuk-summary-list__row", has_text="Indicators")
    expect(indicators.locator("dd")).to_have_text(
        "Increase in people coming and going, often for short periods, day and night"
    )


def test_an_invalid_postcode_is_shown_in_the_error_summary_then_corrected(
    journey: Journey, site: Site
) -> None:
    page = journey.page
    journey.signed_in_as(PRACTITIONER)
    journey.goto("/")
    _open_submission_form(journey)
    _fill_report(journey, postcode="ZZ99 ZZZZ")
    page.get_by_role("button", name="Submit report").click()
    page.wait_for_load_state("load")

    expect(page).to_have_url(site.at("/intelligence/submit/"))
    expect(page).to_have_title(re.compile(r"^Error: Submit intelligence"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    first_in_column = page.locator("main .govuk-grid-column-two-thirds > *").first
    expect(first_in_column).to_have_class("govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("Enter a real UK postcode"))
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "#id_postcode")
    expect(summary.get_by_role("link")).to_have_count(1)  # only the postcode is wrong
    expect(page.locator("#id_postcode_error")).to_contain_text("Enter a real UK postcode")
    expect(page.locator("#id_postcode")).to_have_class(re.compile(r"govuk-input--error"))

    # The link takes her to the field; what she typed is kept.
    link.click()
    expect(page.locator("#id_postcode")).to_be_focused()
    expect(page.get_by_label("What did you see or hear?")).to_have_value(REPORT_TEXT)
    expect(page.get_by_label(CUCKOOING_SIGN)).to_be_checked()

    page.locator("#id_postcode").fill(POSTCODE)
    _submit(journey)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_police_analyst_grades_the_report_from_the_queue_and_links_phone_and_address(
    journey: Journey, site: Site
) -> None:
    page = journey.page
    # The practitioner's report, sent from an already signed-in session.
    journey.signed_in_as(PRACTITIONER)
    journey.goto("/intelligence/submit/")
    _fill_report(journey)
    ref = _submit(journey)
    page.context.clear_cookies()

    journey.sign_in(ANALYST)
    expect(page).to_have_url(site.at("/"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Intelligence").click()
    page.get_by_role("link", name="Grading queue").click()
    expect(page).to_have_url(site.at("/intelligence/queue/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports awaiting grading")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=ref, exact=True))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Charnwood Borough Council")
    row.get_by_role("link", name=f"Grade {ref}").click()
    expect(page).to_have_url(re.compile(re.escape(site.at("/intelligence/")) + r"\d+/grade/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Grade {ref}")
    expect(page.locator(".lw-report-text")).to_have_text(REPORT_TEXT)

    links = page.get_by_role("group", name="Link what the report mentions")
    phone = links.get_by_label(
        re.compile(
            r"^Phone 07700 900123 \(\+447700900123\) – "
            r"(matches an existing record|new)$"
        )
    )
    address = links.get_by_label(
        re.compile(
            r"^Address 14 Rosebery Street, Loughborough, LE11 5DX – "
            r"(new place|matches an existing place)$"
        )
    )
    expect(phone).to_have_count(1)
    expect(address).to_have_count(1)
    phone.check()
    address.check()
    page.get_by_role("group", name="Source evaluation").get_by_label("2 – Untested").check()
    page.get_by_role("group", name="Intelligence assessment").get_by_label(
        re.compile(r"^B – ")
    ).check()
    page.get_by_role("group", name="Handling code").get_by_label(re.compile(r"^P – ")).check()
    expect(page.get_by_label("Sanitised report")).to_have_value(REPORT_TEXT)
    page.get_by_role("button", name="Save grading").click()

    expect(page).to_have_url(re.compile(re.escape(site.at("/intelligence/")) + r"\d+/$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"Report {ref} graded 2BP.")
    record = page.locator("main [data-record^='event:']")
    grade = record.locator(".govuk-summary-list__row", has_text="Grade (3x5x2)")
    expect(grade.locator("dd")).to_contain_text(re.compile(r"^2BP – 2 – Untested; B – "))
    expect(record.locator("ul.govuk-list li", has_text=PHONE_E164)).to_have_text(
        re.compile(rf"^Phone {re.escape(PHONE_E164)}")
    )
    where = record.locator(".govuk-summary-list__row", has_text="Where").get_by_role("link")
    expect(where).to_contain_text(POSTCODE)
    expect(where).to_have_attribute("href", re.compile(r"^/locations/\d+/$"))

    # Graded, so it has left the queue.
    journey.goto("/intelligence/queue/")
    expect(page.get_by_role("link", name=ref, exact=True)).to_have_count(0)


def test_partner_puts_a_pin_on_the_map_where_it_happened(journey: Journey, site: Site) -> None:
    from linewatch.web.events.models import Event

    page = journey.page
    journey.signed_in_as(PRACTITIONER)
    journey.goto("/intelligence/submit/")
    _fill_report(journey, postcode=POSTCODE)
    canvas = page.locator("#pin-map-canvas")
    # The base layer is the nine local authorities, drawn with no tile server.
    expect(canvas.locator("path.leaflet-interactive")).to_have_count(9)
    expect(page.locator("#pin-map-status")).to_have_text("No pin placed.")
    canvas.click(position={"x": 300, "y": 180})
    expect(page.locator("#pin-map-status")).to_contain_text("Pin placed at")
    expect(page.get_by_role("button", name="Remove the pin")).to_be_visible()
    lat = float(page.locator("#id_pin_latitude").input_value())
    lon = float(page.locator("#id_pin_longitude").input_value())
    assert 52.3 < lat < 53.0
    assert -1.7 < lon < -0.4
    ref = _submit(journey)
    event = Event.objects.get(ref=ref)
    assert event.latitude == pytest.approx(lat, abs=1e-6)
    assert event.longitude == pytest.approx(lon, abs=1e-6)


def test_partner_uploads_a_feed_file_and_sees_what_was_rejected(
    journey: Journey, site: Site, settings: Any, tmp_path: Path
) -> None:
    settings.LINEWATCH_UPLOADS_IN_BACKGROUND = False
    settings.LINEWATCH_UPLOAD_DIR = str(tmp_path / "uploads")
    header = (
        "agency,ref,reported_at,category,description,address,postcode,easting,northing,"
        "reporter_type,first_name,surname,dob,gender\n"
    )
    rows = [
        "charnwood-bc,UP-1,2021-02-01 18:20,drug_related,Visitors all night,"
        '"3 Sample Street, Loughborough",LE11 3TU,,,resident,,,,\n',
        "charnwood-bc,UP-2,2021-02-02 18:20,drug_related,Noise,"
        '"5 Sample Street, Loughborough",NOT A CODE,,,resident,,,,\n',
    ]
    csv_file = tmp_path / "february asb.csv"
    csv_file.write_text(header + "".join(rows), encoding="utf-8")

    page = journey.page
    journey.signed_in_as(PRACTITIONER)
    journey.goto("/")
    page.get_by_role("link", name="Upload a feed file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a feed file")
    page.get_by_label("What is in the file?").select_option("asb")
    page.get_by_label("Upload a file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload and import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("february asb.csv")
    expect(page.locator(".govuk-panel")).to_contain_text("1 accepted, 1 rejected")
    expect(page.locator("#import-bar")).to_have_attribute("value", "2")
    rejected = page.locator("#rejected-rows tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.first).to_contain_text("NOT A CODE")
    # Fetched with the page's session (a download click aborts the navigation, by design).
    link = page.get_by_role("link", name="Download them as a CSV")
    response = page.request.get(site.at(link.get_attribute("href") or ""))
    assert response.headers["content-type"].startswith("text/csv")
    text = response.text()
    assert "UP-2" in text
    assert "UP-1" not in text
