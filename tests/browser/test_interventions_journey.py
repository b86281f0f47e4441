"""An officer records a closure notice on a line's cuckooed address, then the closure order;
sees the statutory deadlines and the line's status change; then the best-practice guide is
generated. Debian's Chromium driven by Playwright against a live Linewatch."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from .support import Journey, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OFFICER = "police.officer"
# Recording, PDFs and policy filters are slow on a loaded shared machine: more than the
# journeys' default 15 s for one page.
SLOW_MS = 60_000


def _line_with_premises() -> tuple[Any, Any]:
    """An active line the officer sees, and premises of it (an address or a member's home)."""
    from django.db.models import Q

    from linewatch.core.access import Decision
    from linewatch.web.access import decide_for
    from linewatch.web.accounts.models import User
    from linewatch.web.lines.models import CountyLine
    from linewatch.web.pole.models import Location

    officer = User.objects.get(username=OFFICER)
    for line in CountyLine.objects.filter(status__in=("active", "re_emerged")).order_by("pk"):
        if decide_for(officer, line) is not Decision.VISIBLE:
            continue
        premises = (
            Location.objects.filter(Q(line_uses__line=line) | Q(residents__line_roles__line=line))
            .select_related("owning_agency")
            .distinct()
            .order_by("pk")
        )
        for place in premises:
            if decide_for(officer, place) is Decision.VISIBLE:
                return line, place
    raise AssertionError("the browser scenario has no active line with premises the officer sees")


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Record intervention").click()


def _fill_date(page: Any, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).fill(text)


def test_an_officer_records_a_closure_notice_then_the_order_and_the_line_is_disrupted(
    journey: Journey, site: Site
) -> None:
    from django.utils import timezone

    line, home = _line_with_premises()
    page = journey.page
    page.set_default_timeout(SLOW_MS)
    journey.sign_in(OFFICER)
    served = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=1), dt.time(14, 30))
    journey.goto(f"/interventions/record/?line={line.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an intervention")

    # The notice: served yesterday at 14:30 for 24 hours.
    page.get_by_label("What was done?").select_option(label="Closure notice")
    page.get_by_label("Address or premises (optional)").select_option(label=str(home))
    _fill_date(page, "Start date", served.strftime("%d/%m/%Y"))
    _fill_date(page, "Notice served at (closure notices)", served.strftime("%d/%m/%Y %H:%M"))
    page.get_by_label("Notice lasts (hours)").fill("24")
    page.get_by_label("Outcome (optional)").fill("Served on the occupier; exemptions for residents")
    _submit(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Closure notice")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Line status: {line.name}: Disrupted"
    )
    deadlines = page.locator(".lw-deadlines")
    hearing = served + dt.timedelta(hours=48)
    expires = served + dt.timedelta(hours=24)
    expect(deadlines).to_contain_text("Closure notice expires (24 hours)")
    expect(deadlines).to_contain_text(f"{expires.day} {expires:%b %Y} 14:30")
    expect(deadlines).to_contain_text("Closure order application heard by magistrates")
    expect(deadlines).to_contain_text(f"{hearing.day} {hearing:%b %Y} 14:30")
    expect(deadlines).to_contain_text("ASBCPA 2014 s80(3)-(4)")
    expect(page.locator("#status-changes")).to_contain_text("Active → Disrupted")

    # A closure order needs its notice: try one with no end date first, see the error summary.
    with page.expect_navigation():
        page.get_by_role("link", name="Record the closure order").click()
    expect(page.get_by_label("What was done?")).to_have_value("closure_order")
    made = served + dt.timedelta(days=1)
    _fill_date(page, "Start date", made.strftime("%d/%m/%Y"))
    _fill_date(
        page,
        "Magistrates' hearing at (optional)",
        (served + dt.timedelta(hours=40)).strftime("%d/%m/%Y %H:%M"),
    )
    _submit(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date the closure order ends")
    summary.get_by_role("link", name="Enter the date the closure order ends").click()
    expect(page.get_by_label("End or expiry date (optional)")).to_be_focused()

    ends = made + dt.timedelta(days=89)
    _fill_date(page, "End or expiry date (optional)", ends.strftime("%d/%m/%Y"))
    _submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Closure order")
    expect(page.locator(".lw-deadlines")).to_contain_text(
        "Closure order ends (apply for any extension before this)"
    )
    expect(page.locator(".lw-deadlines")).to_contain_text(f"{ends.day} {ends:%b %Y} 23:59")
    expect(page.locator(".lw-deadlines")).to_contain_text("Latest end of the order with extensions")
    expect(page.get_by_text("Follows:")).to_be_visible()

    # The line's page shows its new status and why.
    journey.goto(f"/lines/{line.pk}/")
    record = page.locator(f'[data-record="countyline:{line.pk}"]')
    expect(record.locator(".govuk-tag").first).to_have_text("Disrupted")
    expect(page.get_by_text("Closure notice at one of its addresses", exact=False)).to_be_visible()

    # Upcoming deadlines list the order's end.
    journey.goto("/interventions/deadlines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming deadlines")
    expect(page.locator("main")).to_contain_text("Closure order ends")

    # What works, and the guide generated as a PDF.
    journey.goto("/interventions/what-works/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What works: disruptions and their outcomes"
    )
    expect(page.locator("main")).to_contain_text("too few lines to say")
    link = page.get_by_role("link", name="Download the best-practice guide (PDF)")
    href = link.get_attribute("href")
    assert href == "/interventions/guide.pdf"
    response = page.context.request.get(site.at(href))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_an_exclusion_area_drawn_on_the_map_fills_the_form_with_a_polygon(
    journey: Journey, site: Site
) -> None:
    import json

    page = journey.page
    page.set_default_timeout(SLOW_MS)
    journey.sign_in(OFFICER)
    journey.goto("/interventions/record/")
    page.get_by_text("Bail conditions", exact=True).click()
    canvas = page.locator("#exclusion-map-canvas")
    expect(canvas).to_be_visible()
    for x, y in ((150, 120), (260, 130), (220, 230)):
        canvas.click(position={"x": x, "y": y})
    expect(page.locator("#exclusion-map-status")).to_have_text("3 corner(s) placed.")
    page.get_by_role("button", name="Finish the area").click()
    drawn = json.loads(page.locator("#id_exclusion_polygon").input_value())
    assert drawn["type"] == "Polygon"
    ring = drawn["coordinates"][0]
    assert len(ring) == 4
    assert ring[0] == ring[-1]
    assert all(-3 < lon < 0 and 52 < lat < 53.5 for lon, lat in ring)
