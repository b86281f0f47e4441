"""The county lines register and the network around a deal line, in a real browser.

Priya Shah (Leicestershire Police, intelligence analyst) opens the register, opens a line
(its numbers, people and addresses), opens the network around its deal line, sees the chart
drawn, narrows it to a date range, and downloads it as GraphML — a file networkx reads.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import urllib.request
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import expect

from .support import ANALYST, Journey, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def facts(site: Site, django_db_blocker: Any) -> dict[str, Any]:
    """The chosen line's first number, its addresses and the dates of records around it.

    Also warms the server up: its first request imports every app's views (over 15 s on a
    loaded 2-core machine), longer than a page load may take in these journeys.
    """
    with urllib.request.urlopen(site.at("/healthz"), timeout=180) as response:
        assert response.status == 200
    with django_db_blocker.unblock():
        return _line_facts(site)


def _line_facts(site: Site) -> dict[str, Any]:
    from linewatch.web.accounts.models import User
    from linewatch.web.lines.models import CountyLine
    from linewatch.web.network.service import network_around

    line = CountyLine.objects.get(pk=site.line_pk)
    number = line.numbers.select_related("phone").order_by("pk").first()
    assert number is not None
    view = network_around(User.objects.get(username=ANALYST), f"phone:{number.phone_id}")
    assert view is not None
    days = sorted(
        day
        for _, _, data in view.graph.edges(data=True)
        for day in (data["first"], data["last"])
        if day is not None
    )
    assert days, "no dated record around the deal line to filter by"
    return {
        "phone_pk": number.phone_id,
        "national": number.phone.national,
        "addresses": [str(use.location) for use in line.addresses.select_related("location")],
        "days": days,
    }


def _expect_drawn(journey: Journey) -> int:
    canvas = journey.page.locator("#network-canvas")
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("data-drawn-nodes", re.compile(r"^[1-9]\d*$"))
    return int(canvas.get_attribute("data-drawn-nodes") or 0)


def test_analyst_opens_a_line_and_the_network_around_its_deal_line_and_exports_it(
    journey: Journey, site: Site, facts: dict[str, Any]
) -> None:
    page = journey.page
    journey.signed_in_as(ANALYST)
    journey.goto("/lines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("County lines register")
    expect(page.locator("#register-headline")).to_contain_text(
        "lines active across the partnership area"
    )
    page.get_by_role("link", name=site.line_name, exact=True).click()
    expect(page).to_have_url(site.at(f"/lines/{site.line_pk}/"))

    numbers = page.locator("#line-numbers")
    for national in site.numbers_national:
        expect(numbers.get_by_role("cell", name=national, exact=True)).to_be_visible()
    people = page.locator("#line-people")
    for member in site.members:
        expect(people.get_by_role("link", name=member.name, exact=True).first).to_be_visible()
    for address in facts["addresses"]:
        expect(page.locator("#line-addresses")).to_contain_text(address)
    expect(page.locator("#line-history")).to_be_visible()

    page.get_by_role("link", name=f"Network around {facts['national']}").click()
    expect(page).to_have_url(site.at(f"/network/?centre=phone:{facts['phone_pk']}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Network")
    drawn = _expect_drawn(journey)
    assert drawn > 1, "the deal line has no links drawn"
    rows = page.locator("#network-nodes tbody tr")
    expect(rows).to_have_count(drawn)
    expect(
        page.locator(f'#network-nodes tr[data-node="phone:{facts["phone_pk"]}"]')
    ).to_contain_text("Centre")

    first, last = facts["days"][0], facts["days"][-1]
    middle = first + (last - first) / 2
    page.locator("#id_from").fill(first.isoformat())
    page.locator("#id_to").fill(middle.isoformat())
    page.get_by_role("button", name="Show the network").click()
    expect(page).to_have_url(
        site.at(
            f"/network/?centre=phone%3A{facts['phone_pk']}&from={first.isoformat()}"
            f"&to={middle.isoformat()}&depth=2"
        )
    )
    expect(page.locator("#network-summary")).to_contain_text(f"records from {first:%-d %b %Y}")
    filtered = _expect_drawn(journey)
    assert 1 <= filtered <= drawn

    page.get_by_label("Reason for exporting").fill("Briefing for the line's disruption plan")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download GraphML").click()
    download = download_info.value
    # A download ends its navigation as net::ERR_ABORTED in Chromium by design; not a fault.
    journey.failed_requests[:] = [
        r for r in journey.failed_requests if not ("/network/export/" in r and "ERR_ABORTED" in r)
    ]
    assert download.suggested_filename.endswith(".graphml")
    graph = nx.read_graphml(io.BytesIO(Path(download.path()).read_bytes()))
    assert f"phone:{facts['phone_pk']}" in graph
    assert graph.number_of_nodes() == filtered
    for _, _, data in graph.edges(data=True):
        if data["first"]:  # register entries are standing relations, dated by their period
            assert data["first"] <= middle.isoformat()

    from linewatch.web.audit.models import AuditEvent

    disclosure = AuditEvent.objects.filter(action="disclosure", object_type="network").last()
    assert disclosure is not None
    assert disclosure.justification == "Briefing for the line's disruption plan"
    assert disclosure.username == ANALYST
    assert dt.date.today()  # the journey ran to the end


def test_analyst_changes_a_lines_status_and_the_history_says_who_and_why(
    journey: Journey, site: Site, facts: dict[str, Any]
) -> None:
    page = journey.page
    journey.signed_in_as(ANALYST)
    journey.goto(f"/lines/{site.line_pk}/")
    page.get_by_role("link", name="Change status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the line's status")
    page.get_by_role("button", name="Change status").click()  # nothing chosen
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="This field is required.").first).to_be_visible()
    choice = page.locator('input[name="status"]').first
    choice.check()
    chosen = page.locator(f'label[for="{choice.get_attribute("id")}"]').inner_text()
    if choice.get_attribute("value") == "closed":
        page.get_by_label("Type 2 – number deactivated").check()
    page.get_by_label("Why").fill("Test purchase and two arrests at the flat")
    page.get_by_role("button", name="Change status").click()
    expect(page).to_have_url(site.at(f"/lines/{site.line_pk}/"))
    latest = page.locator("#line-history tbody tr").first
    expect(latest).to_contain_text(f"→ {chosen}")
    expect(latest).to_contain_text("Test purchase and two arrests at the flat")
    expect(latest).to_contain_text("Priya Shah")

    from linewatch.web.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="alteration", object_type="county_line").last()
    assert event is not None
    assert event.object_ids == [str(site.line_pk)]
    assert event.justification == "Test purchase and two arrests at the flat"
