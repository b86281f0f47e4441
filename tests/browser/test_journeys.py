"""Signing in as a partner practitioner and as a police analyst shows different things on the
same county line, in a real browser (Debian's Chromium driven by Playwright).

What each user should see follows the access policy (docs/access-policy.md), worked out for
the chosen line by ``tests/browser/conftest.py``: Amy Fletcher (Charnwood Borough Council,
partner practitioner) sees the line itself; people on it whose records are C-coded or
sensitive reach her only as stubs, police intelligence always as a stub, and records outside
her area not at all.  Priya Shah (Leicestershire Police, intelligence analyst) sees everyone
on the line in full.
"""

from __future__ import annotations

import html
import struct
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .support import ANALYST, POLICE, PRACTITIONER, Journey, Member, Site

# django_db makes pytest-django create the test database; the data itself is committed once
# per module by the ``site`` fixture, and each test runs in a transaction rolled back after it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _stub_text(agency: str, contact: str) -> str:
    return f"A record exists. Held by {agency}. To request access, contact {contact}."


def _open_line_from_register(journey: Journey, absent: tuple[str, ...] = ()) -> None:
    """Through the service navigation; ``absent`` are lines the register must not show."""
    page, site = journey.page, journey.site
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="County lines").click()
    expect(page).to_have_url(site.at("/lines/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("County lines register")
    register = page.locator("main")
    expect(register.locator(f'[data-record="countyline:{site.line_pk}"]')).to_have_count(1)
    for name in absent:  # hidden, so not even a stub
        expect(register.get_by_text(name)).to_have_count(0)
    expect(register.locator(".lw-redacted")).to_have_count(len(site.redacted_line_names))
    page.get_by_role("link", name=site.line_name, exact=True).click()
    expect(page).to_have_url(site.at(f"/lines/{site.line_pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(site.line_name)


def _expect_line_summary(journey: Journey) -> None:
    """Name, status and deal-line numbers: what every user who may see the line sees."""
    page, site = journey.page, journey.site
    line = page.locator(f'[data-record="countyline:{site.line_pk}"]')
    expect(line).to_have_count(1)
    expect(line.locator(".govuk-tag").first).to_have_text(site.line_status)
    for number in site.numbers_national:
        expect(line.get_by_role("cell", name=number, exact=True)).to_be_visible()


def _name_on_page(page: Any, name: str) -> bool:
    source = page.content().casefold()
    text = page.locator("body").inner_text().casefold()
    return name.casefold() in text or html.escape(name).casefold() in source


def test_partner_practitioner_sees_people_and_police_intelligence_as_stubs(
    journey: Journey, site: Site
) -> None:
    page = journey.page
    journey.sign_in(PRACTITIONER)
    expect(page).to_have_url(site.at("/"))
    expect(page.get_by_role("banner")).to_contain_text("Charnwood Borough Council")

    _open_line_from_register(journey, absent=site.hidden_line_names)
    _expect_line_summary(journey)

    people = page.locator("#line-people")
    redacted = [m for m in site.members if m.practitioner_sees == "redacted"]
    assert redacted, "the chosen line should have people the practitioner gets as stubs"
    for member in site.members:
        stub = people.locator(f'.lw-redacted[data-stub="person:{member.pk}"]')
        record = people.locator(f'[data-record="person:{member.pk}"]')
        if member.practitioner_sees == "redacted":
            expect(stub).to_have_count(1)
            expect(stub).to_contain_text(_stub_text(member.agency_name, member.agency_contact))
            expect(record).to_have_count(0)
        elif member.practitioner_sees == "visible":
            expect(record.get_by_role("link", name=member.name)).to_be_visible()
        else:  # hidden: not even told it exists
            expect(stub).to_have_count(0)
            expect(record).to_have_count(0)
    police_people = [m for m in redacted if m.agency_name == site.police_name]
    assert police_people, "expected at least one Leicestershire Police person as a stub"

    police_intel = {
        pk: seen
        for pk, (cls, owner, seen) in site.events.items()
        if cls == "intelligence" and owner == POLICE
    }
    assert "redacted" in police_intel.values()
    for pk, seen in police_intel.items():
        stub = page.locator(f'.lw-redacted[data-stub="event:{pk}"]')
        expect(page.locator(f'[data-record="event:{pk}"]')).to_have_count(0)
        if seen == "redacted":
            expect(stub).to_have_count(1)
            expect(stub).to_contain_text(_stub_text(site.police_name, site.police_contact))
        else:
            expect(stub).to_have_count(0)

    for member in site.members:
        if member.practitioner_sees != "visible":
            assert not _name_on_page(page, member.name), f"{member.name} leaked onto the page"

    journey.sign_out()
    expect(page).to_have_url(site.at("/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Linewatch")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    journey.goto(f"/lines/{site.line_pk}/")
    expect(page).to_have_url(site.at(f"/accounts/login/?next=/lines/{site.line_pk}/"))


def test_police_analyst_sees_the_people_on_the_same_line(journey: Journey, site: Site) -> None:
    page = journey.page
    journey.sign_in(ANALYST)
    expect(page).to_have_url(site.at("/"))
    _open_line_from_register(journey)
    _expect_line_summary(journey)

    people = page.locator("#line-people")
    for member in site.members:
        link = people.locator(f'[data-record="person:{member.pk}"]').get_by_role(
            "link", name=member.name
        )
        expect(link).to_have_attribute("href", f"/people/{member.pk}/")
    expect(people.locator(".lw-redacted")).to_have_count(0)
    expect(page.locator(".lw-redacted", has_text=site.police_name)).to_have_count(0)
    for pk, (cls, owner, _) in site.events.items():
        if cls == "intelligence" and owner == POLICE:
            expect(page.locator(f'[data-record="event:{pk}"]')).to_have_count(1)

    # Open someone the practitioner could only get as a stub.
    person: Member = next(m for m in site.members if m.practitioner_sees == "redacted")
    people.get_by_role("link", name=person.name).click()
    expect(page).to_have_url(site.at(f"/people/{person.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(person.name)
    record = page.locator(f'[data-record="person:{person.pk}"]')
    expect(record).to_contain_text(f"Person record held by {person.agency_name}")
    expect(record.get_by_role("link", name=site.line_name)).to_have_attribute(
        "href", f"/lines/{site.line_pk}/"
    )


def test_wrong_password_shows_the_error_summary_and_does_not_sign_in(
    journey: Journey, site: Site
) -> None:
    page = journey.page
    journey.sign_in(ANALYST, password="not-the-password-at-all")
    expect(page).to_have_url(site.at("/accounts/login/"))
    expect(page).to_have_title("Error: Sign in – Linewatch")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    # At the top of the main column, before the heading, and focused by GOV.UK Frontend.
    first_in_column = page.locator("main .govuk-grid-column-two-thirds > *").first
    expect(first_in_column).to_have_class("govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    journey.goto("/lines/")
    expect(page).to_have_url(site.at("/accounts/login/?next=/lines/"))


def test_anonymous_visit_to_the_register_redirects_to_sign_in(journey: Journey, site: Site) -> None:
    page = journey.page
    response = journey.goto("/lines/")
    assert response is not None
    assert response.ok
    expect(page).to_have_url(site.at("/accounts/login/?next=/lines/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Linewatch")
    assert not _name_on_page(page, site.line_name)

    # Signing in from there lands on the register.
    page.get_by_label("Username").fill(ANALYST)
    page.locator("#id_password").fill(site.password)
    page.get_by_role("button", name="Sign in").click()
    journey.complete_two_factor(ANALYST)  # a police analyst: the TOTP step comes next
    expect(page).to_have_url(site.at("/lines/"))


def _other_formats(e164: str) -> list[str]:
    """A UK mobile in E.164 (+447xxxxxxxxx) as people type it."""
    national = "0" + e164[3:]
    return [
        f"{national[:5]} {national[5:]}",  # 07847 010837
        f"+44 (0) {national[1:5]} {national[5:8]}-{national[8:]}",  # +44 (0) 7847 010-837
    ]


def test_search_finds_the_line_by_a_number_typed_in_other_formats(
    journey: Journey, site: Site
) -> None:
    page = journey.page
    number = site.numbers_e164[0]
    journey.signed_in_as(ANALYST)
    journey.goto("/search/")
    for typed in _other_formats(number):
        assert typed.replace(" ", "") != number
        page.get_by_role("searchbox").fill(typed)
        page.get_by_role("button", name="Search", exact=True).click()
        page.wait_for_url(lambda url, q=typed: parse_qs(urlsplit(url).query).get("q") == [q])
        assert urlsplit(page.url).path == "/search/"
        expect(page.get_by_role("searchbox")).to_have_value(typed)
        line = page.locator(f'[data-record="countyline:{site.line_pk}"]')
        expect(line.get_by_role("link", name=site.line_name)).to_be_visible()
        expect(page.locator(".lw-redacted")).to_have_count(0)
    page.locator(f'[data-record="countyline:{site.line_pk}"]').get_by_role(
        "link", name=site.line_name
    ).click()
    expect(page).to_have_url(site.at(f"/lines/{site.line_pk}/"))


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("username", [PRACTITIONER, ANALYST])
def test_line_page_renders_styled_clean_and_script_safe(
    journey: Journey, site: Site, screenshot_dir: Path, username: str
) -> None:
    """One page load per user: a full-page screenshot, then what the browser reported."""
    page = journey.page
    journey.signed_in_as(username)
    response = journey.goto(f"/lines/{site.line_pk}/")
    assert response is not None
    assert response.status == 200

    path = screenshot_dir / f"line-{site.line_pk}-{username}.png"
    page.screenshot(path=str(path), full_page=True)
    width, height = _png_size(path)
    assert width == 1280
    assert height > 900  # the full page, not just the viewport
    assert path.stat().st_size > 30_000  # a rendered page, not a blank one

    # The GOV.UK Frontend styles load and apply.
    stylesheets = {url: status for url, status in journey.responses.items() if url.endswith(".css")}
    govuk_css = [u for u in stylesheets if u.endswith("/govuk-frontend.min.css")]
    assert govuk_css, f"GOV.UK Frontend CSS was not requested: {sorted(journey.responses)}"
    assert all(status == 200 for status in stylesheets.values()), stylesheets
    header = page.locator(".govuk-header")
    expect(header).to_have_css("display", "block")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    heading = page.get_by_role("heading", level=1)
    assert int(heading.evaluate("e => getComputedStyle(e).fontWeight")) >= 700
    assert "arial" in heading.evaluate("e => getComputedStyle(e).fontFamily").lower()
    expect(page.locator(".govuk-width-container").first).to_have_css("max-width", "960px")

    # The module script ran (GOV.UK Frontend initialised), so JavaScript is not broken.
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )

    # Nothing the Content-Security-Policy forbids in the HTML as served: no inline script,
    # no <style>, no style= attributes, no on*= handlers.  (Scripts may still set styles
    # through the CSSOM, which CSP allows, so the live DOM is not the thing to check.)
    inline = page.evaluate(
        """(html) => {
          const doc = new DOMParser().parseFromString(html, 'text/html');
          return {
            scripts: doc.querySelectorAll('script:not([src])').length,
            styles: doc.querySelectorAll('style').length,
            styleAttributes: doc.querySelectorAll('[style]').length,
            handlers: [...doc.querySelectorAll('*')].filter(
              e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
          };
        }""",
        response.text(),
    )
    assert inline == {"scripts": 0, "styles": 0, "styleAttributes": 0, "handlers": 0}
    for policy in journey.csp_headers:
        script_src = next(
            (d for d in policy.split(";") if d.strip().startswith(("script-src", "default-src"))),
            "",
        )
        assert "'unsafe-inline'" not in script_src, policy
    assert journey.csp_violations() == []

    assert journey.console_errors == []
    assert journey.failed_requests == []
    assert journey.error_responses == []
