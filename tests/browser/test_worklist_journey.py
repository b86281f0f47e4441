"""A neighbourhood commander opens the area's worklist, opens an address, sees why it ranks
where it does, and records a decision — in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .support import Journey, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

COMMANDER = "police.commander"  # Helen Brooks, Charnwood NPA commander


def test_commander_opens_the_worklist_and_records_a_decision(journey: Journey, site: Site) -> None:
    page = journey.page
    journey.sign_in(COMMANDER)
    expect(page).to_have_url(site.at("/"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Worklists").click()
    expect(page).to_have_url(re.compile(re.escape(site.at("/worklists/"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Charnwood")

    addresses = page.locator("table[data-list='cuckooing'] tbody tr")
    if addresses.count() == 0:
        # The tiny scenario may put no cuckooing signals in Charnwood: look across the county.
        page.get_by_label("Area").select_option(label="Leicester")
        page.get_by_role("button", name="Show").click()
        addresses = page.locator("table[data-list='cuckooing'] tbody tr")
    expect(addresses.first).to_be_visible()
    first = addresses.first
    label = first.locator("td").nth(1).get_by_role("link").inner_text()
    why = first.locator("td").nth(3).inner_text()
    assert why
    assert why != "no signals"
    first.get_by_role("link", name=label).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    expect(page.get_by_role("heading", name="Why it ranks here")).to_be_visible()
    factors = page.locator("#entry-factors tbody tr")
    expect(factors.first).to_be_visible()
    expect(page.locator("#entry-next-step")).not_to_be_empty()

    page.get_by_label("Visit arranged").check()
    page.get_by_label("Why, and who will do it").fill("PCSO Patel and the housing officer, Friday")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Decision recorded: Visit arranged."
    )
    expect(page.locator("#entry-decisions")).to_contain_text("PCSO Patel and the housing officer")
