"""Resolving people across agencies, in a real browser.

Priya Shah (Leicestershire Police, intelligence analyst) opens the linking review queue, picks
a pair of person records the linkage was unsure of, reads the two records side by side with
what drove their score, confirms they are the same person, and lands on the merged profile
that shows both agencies' records; the person page then lists the other record as linked.

The linkage runs once for the module, on the tiny scenario the ``site`` fixture loads. On so
few records the model is sure of almost every candidate pair, so this run sends every pair
it does not score as certain (probability below 1) to the review queue.
"""

from __future__ import annotations

import re
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import expect

from .support import ANALYST, Journey, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
REASON = "Same date of birth and home postcode; the council record uses his nickname."


@pytest.fixture(scope="module")
def linked_site(site: Site, django_db_blocker: Any) -> Site:
    """The site after one full linkage run (the ``site`` fixture flushes it all afterwards)."""
    from linewatch.web.linking.models import PersonLink
    from linewatch.web.linking.runs import Settings, run_linkage

    with django_db_blocker.unblock():
        run = run_linkage("full", settings=Settings(auto_link=1.0, review_floor=0.5))
        assert run.status == "finished"
        assert PersonLink.objects.filter(outcome="review").exists(), "nothing to review"
    # The server's first answer imports every view; on a busy machine that can outlast the
    # browser's page timeout, so it is paid here.
    with urllib.request.urlopen(site.at("/healthz"), timeout=120) as response:
        assert response.status == 200
    return site


def test_an_analyst_confirms_a_pair_from_the_queue_and_sees_the_merged_profile(
    journey: Journey, linked_site: Site
) -> None:
    page, site = journey.page, linked_site
    journey.signed_in_as(ANALYST)
    journey.goto("/people/")  # the home page is slow to build; any page has the menu
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Linking").click()
    expect(page).to_have_url(site.at("/linking/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Linked records to review")

    row = page.locator("tr[data-pair]").filter(has=page.get_by_role("link", name="Review")).first
    records = row.locator("[data-record]")
    expect(records).to_have_count(2)
    refs = [records.nth(i).get_attribute("data-record") for i in range(2)]
    names = [records.nth(i).get_by_role("link").inner_text() for i in range(2)]
    row.get_by_role("link", name="Review").click()

    expect(page).to_have_url(re.compile(re.escape(site.at("/linking/pairs/")) + r"\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same person?")
    for ref, name in zip(refs, names, strict=True):
        card = page.locator(f'div[data-record="{ref}"]')
        expect(card.get_by_role("heading", level=2)).to_have_text(name)
    drivers = page.locator("table", has=page.get_by_text("What drove the score"))
    expect(drivers.get_by_role("row", name=re.compile("^surname"))).to_have_count(1)
    page.get_by_label("Confirm: these are the same person").check()
    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Save decision").click()

    left_pk = min(int(ref.split(":")[1]) for ref in refs if ref)
    expect(page).to_have_url(site.at(f"/linking/people/{left_pk}/"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Confirmed as the same person")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        names[refs.index(f"person:{left_pk}")]
    )
    profile = page.locator("table", has=page.get_by_text("The records"))
    for ref, name in zip(refs, names, strict=True):
        expect(profile.locator(f'tr[data-record="{ref}"]')).to_contain_text(name)
    expect(page.get_by_text(re.compile("confirmed by an analyst"))).to_be_visible()

    other = next(ref for ref in refs if ref != f"person:{left_pk}")
    profile.locator(f'tr[data-record="{other}"]').get_by_role("link").click()
    panel = page.locator(f'li[data-record="person:{left_pk}"]')
    expect(panel).to_contain_text(names[refs.index(f"person:{left_pk}")])
    expect(page.get_by_role("link", name="See the linked profile")).to_be_visible()
