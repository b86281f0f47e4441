"""The analyst's journey across linkage and the network, in a real browser (issue 4).

Priya Shah (Leicestershire Police, intelligence analyst) opens the linking review queue, picks
a pair of person records the linkage was unsure of, reads the two records side by side with
what drove their score, confirms they are the same person and lands on the merged profile that
shows both agencies' records. She then opens the county lines register, a line (its numbers,
people and addresses), the network around its deal line, narrows it to a date range and exports
it twice: GraphML (a file networkx reads) and the i2 Analyst's Notebook CSV, each logged as a
disclosure. The network around the confirmed person draws both records as one node.
A second test changes a line's status and reads who changed it and why.

Everything is prepared once for the module: one linkage run on the tiny scenario the ``site``
fixture loads (on so few records the model is sure of almost every candidate pair, so every
pair it does not score as certain goes to the review queue) and the facts about the line.
"""

from __future__ import annotations

import csv
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
REASON = "Same date of birth and home postcode; the council record uses his nickname."
EXPORT_REASON = "Briefing for the line's disruption plan"
I2_HEADER = ["Entity1 Type", "Entity1 Identity", "Entity1 Label"]


@pytest.fixture(scope="module")
def prepared(site: Site, django_db_blocker: Any) -> dict[str, Any]:
    """One full linkage run and the chosen line's facts (the ``site`` fixture flushes it all
    afterwards). Also warms the server up: its first request imports every app's views, which
    on a busy machine can outlast the browser's page timeout."""
    from linewatch.web.linking.models import PersonLink
    from linewatch.web.linking.runs import Settings, run_linkage

    with urllib.request.urlopen(site.at("/healthz"), timeout=180) as response:
        assert response.status == 200
    with django_db_blocker.unblock():
        run = run_linkage("full", settings=Settings(auto_link=1.0, review_floor=0.5))
        assert run.status == "finished"
        assert PersonLink.objects.filter(outcome="review").exists(), "nothing to review"
        return {"site": site, **_line_facts(site)}


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


def _download(journey: Journey, button: str) -> tuple[str, bytes]:
    with journey.page.expect_download() as download_info:
        journey.page.get_by_role("button", name=button).click()
    download = download_info.value
    # A download ends its navigation as net::ERR_ABORTED in Chromium by design; not a fault.
    journey.failed_requests[:] = [
        r for r in journey.failed_requests if not ("/network/export/" in r and "ERR_ABORTED" in r)
    ]
    return download.suggested_filename, Path(download.path()).read_bytes()


def _confirm_a_pair(journey: Journey, site: Site) -> tuple[list[str], int]:
    """From the queue to the merged profile; the pair's record refs and its lower id."""
    page = journey.page
    journey.goto("/people/")  # the home page is slow to build; any page has the menu
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Linking").click()
    expect(page).to_have_url(site.at("/linking/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Linked records to review")

    row = page.locator("tr[data-pair]").filter(has=page.get_by_role("link", name="Review")).first
    records = row.locator("[data-record]")
    expect(records).to_have_count(2)
    refs = [records.nth(i).get_attribute("data-record") or "" for i in range(2)]
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
    return refs, left_pk


def _open_the_line_and_its_deal_line(journey: Journey, facts: dict[str, Any]) -> int:
    page, site = journey.page, facts["site"]
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

    page.get_by_role("link", name=f"Network around {facts['national']}").click()
    expect(page).to_have_url(site.at(f"/network/?centre=phone:{facts['phone_pk']}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Network")
    drawn = _expect_drawn(journey)
    assert drawn > 1, "the deal line has no links drawn"
    expect(page.locator("#network-nodes tbody tr")).to_have_count(drawn)
    expect(
        page.locator(f'#network-nodes tr[data-node="phone:{facts["phone_pk"]}"]')
    ).to_contain_text("Centre")
    return drawn


def test_analyst_confirms_a_pair_then_opens_and_exports_the_network_around_a_deal_line(
    journey: Journey, prepared: dict[str, Any]
) -> None:
    page, site = journey.page, prepared["site"]
    journey.signed_in_as(ANALYST)
    refs, left_pk = _confirm_a_pair(journey, site)

    # the confirmed pair is one node of the network around either record
    other = next(ref for ref in refs if ref != f"person:{left_pk}")
    journey.goto(f"/network/?centre={other}&depth=1")
    _expect_drawn(journey)
    mark = page.locator(f'[data-node-record][data-record="{other}"]')
    merged = page.locator("#network-nodes tbody tr", has=mark)
    expect(merged).to_have_count(1)
    expect(merged).to_contain_text("Centre")
    for ref in refs:
        expect(merged.locator(f'[data-node-record][data-record="{ref}"]')).to_have_count(1)

    drawn = _open_the_line_and_its_deal_line(journey, prepared)
    first, last = prepared["days"][0], prepared["days"][-1]
    middle = first + (last - first) / 2
    page.locator("#id_from").fill(first.isoformat())
    page.locator("#id_to").fill(middle.isoformat())
    page.get_by_role("button", name="Show the network").click()
    expect(page).to_have_url(
        site.at(
            f"/network/?centre=phone%3A{prepared['phone_pk']}&from={first.isoformat()}"
            f"&to={middle.isoformat()}&depth=2"
        )
    )
    expect(page.locator("#network-summary")).to_contain_text(f"records from {first:%-d %b %Y}")
    filtered = _expect_drawn(journey)
    assert 1 <= filtered <= drawn

    page.get_by_label("Reason for exporting").fill(EXPORT_REASON)
    name, body = _download(journey, "Download GraphML")
    assert name.endswith(".graphml")
    graph = nx.read_graphml(io.BytesIO(body))
    assert f"phone:{prepared['phone_pk']}" in graph
    assert graph.number_of_nodes() == filtered
    for _, _, data in graph.edges(data=True):
        if data["first"]:  # register entries are standing relations, dated by their period
            assert data["first"] <= middle.isoformat()

    name, body = _download(journey, "Download i2 Analyst's Notebook CSV")
    assert name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows, "the i2 export has no links"
    assert set(I2_HEADER) <= set(rows[0])
    identities = {row[f"Entity{i} Identity"] for row in rows for i in (1, 2)}
    assert f"phone:{prepared['phone_pk']}" in identities
    assert identities <= set(graph.nodes)
    assert len(rows) == graph.number_of_edges()

    from linewatch.web.audit.models import AuditEvent

    disclosures = AuditEvent.objects.filter(
        action="disclosure", object_type="network", username=ANALYST
    ).order_by("-pk")[:2]
    assert [d.justification for d in disclosures] == [EXPORT_REASON, EXPORT_REASON]


def test_analyst_changes_a_lines_status_and_the_history_says_who_and_why(
    journey: Journey, prepared: dict[str, Any]
) -> None:
    page, site = journey.page, prepared["site"]
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
