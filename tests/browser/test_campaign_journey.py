"""A police analyst prepares a diversion campaign from a seized handset's contacts and sends it,
in a real browser, through the real Notify client to the local Notify test server.

The module's scenario is simulated (``site``), so Linewatch marks every campaign here as
simulated and would refuse to send it to Notify; the test allows sending to the test server
(``LINEWATCH_NOTIFY_ALLOW_SIMULATED``), as an operator rehearsing would.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .support import ANALYST, Journey

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for notify_server

from notify_server import API_KEY, TEMPLATE_ID, NotifyServer, running_notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CONTACTS = [f"07700 900{n:03d}" for n in range(101, 113)]  # twelve mobiles
HEADER = "agency,handset_ref,seized_at,handset_number,contact_name,phone,message_count"


@pytest.fixture
def notify(settings: Any) -> Iterator[NotifyServer]:
    with running_notify() as server:
        settings.LINEWATCH_NOTIFY_API_KEY = API_KEY
        settings.LINEWATCH_NOTIFY_BASE_URL = server.url
        settings.LINEWATCH_NOTIFY_TEMPLATE_ID = TEMPLATE_ID
        settings.LINEWATCH_NOTIFY_RATE_PER_SECOND = 100
        settings.LINEWATCH_NOTIFY_ALLOW_SIMULATED = "1"
        yield server


@pytest.fixture
def handset_list(tmp_path: Path) -> str:
    """A seized handset's contacts (twelve mobiles, one of them twice in another format, and
    a landline) imported through the intake, and a treatment service for Charnwood."""
    from django.urls import get_resolver

    from linewatch.web.intake.loader import import_file
    from linewatch.web.messaging.models import TreatmentService

    # The first request imports every app's views (tens of seconds on a loaded machine, more
    # than the browser waits): do it here instead.
    get_resolver().url_patterns  # noqa: B018

    rows = [
        f"leicestershire-police,LP/EXH/BROWSER/1,2026-11-20T10:00:00,+447700900999,C{i},{n},3"
        for i, n in enumerate([*CONTACTS, "0116 496 0123"])
    ]
    path = tmp_path / "op-birch-handset.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    result = import_file("handset-contacts", path)
    assert result.status == "imported", result.error
    TreatmentService.objects.create(
        oruk_id="browser-svc",
        name="Turning Point Charnwood",
        phone="0116 496 0500",
        area_codes=["E07000130"],
    )
    return path.name


def test_an_analyst_prepares_a_campaign_and_sends_it_to_the_test_server(
    journey: Journey, handset_list: str, notify: NotifyServer
) -> None:
    page, site = journey.page, journey.site
    journey.signed_in_as(ANALYST)
    journey.goto("/campaigns/")  # (the home page's policy counts are slow on a loaded machine)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Campaigns")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diversion campaigns")
    page.get_by_role("link", name="Prepare a campaign").click()
    expect(page).to_have_url(site.at("/campaigns/new/"))

    page.get_by_role("button", name="Prepare campaign").click()  # nothing chosen yet
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the handset's contact list")
    expect(summary).to_contain_text("Enter a name for the campaign")

    source = page.get_by_label("Seized handset's contact list")
    source.select_option(
        label=next(o for o in source.locator("option").all_inner_texts() if handset_list in o)
    )
    page.get_by_label("Campaign name").fill("Op Birch diversion")
    page.get_by_label("Local authority of the handset's area").select_option(label="Charnwood")
    page.get_by_role("button", name="Prepare campaign").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Op Birch diversion")
    counts = page.locator("#prepared-counts")
    expect(counts).to_contain_text("13 contacts read; 12 may be messaged")
    expect(counts.get_by_role("row", name="Not a mobile")).to_contain_text("1")
    expect(page.locator("#message-preview")).to_contain_text(
        "Turning Point Charnwood, call 0116 496 0500"
    )
    expect(page.get_by_text("Simulated data:")).to_be_visible()
    assert notify.accepted == 0  # preparing sends nothing

    page.get_by_role("button", name="Send 12 messages").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Campaign sent: 12 sent."
    )
    expect(page.locator("#campaign-status")).to_have_text("Sent")
    expect(page.locator("#message-counts")).to_contain_text("12 sent, 0 refused")
    expect(page.get_by_role("cell", name="07700 900101")).to_be_visible()
    assert notify.accepted == 12
    assert set(notify.sends.values()) == {1}

    notify.deliver_all("delivered")
    page.get_by_role("button", name="Check delivery and replies").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "12 delivery statuses updated"
    )
    expect(page.get_by_role("cell", name="delivered").first).to_be_visible()
