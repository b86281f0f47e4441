"""Real-browser journeys: Debian's Chromium driven by Playwright against a live Linewatch.

Run with ``pytest tests/browser`` (or ``-m browser``);
``scripts/ensure-system-packages browser`` installs ``/usr/bin/chromium``. Playwright's own
browser download is not used: the browser is always Debian's, launched with
``executable_path``.

How the pieces fit together:

* Playwright's sync API runs an asyncio event loop in the test thread, so Django would refuse
  ORM calls made from that thread; ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set below, before Django is
  touched.
* The scenario (a tiny simulation, the demo agencies and sign-ins, the register of lines) is
  loaded **once per module**, committed outside any test transaction, so the live server's
  thread sees it whether it shares the test's in-memory SQLite connection or opens its own
  PostgreSQL connection.  The tables are flushed again when the module is done.
* The server is pytest-django's :class:`~pytest_django.live_server_helper.LiveServer` -- the
  object behind its ``live_server`` fixture, which wraps the site in Django's
  ``StaticFilesHandler`` so the GOV.UK Frontend assets are served.  The ``live_server``
  fixture itself is not requested: pytest-django then forces ``transactional_db`` on the
  test, which empties every table after each test and would throw the module's data away.
  The database blocker stays unblocked for the module, because it blocks the server's
  request threads too.
* Test modules here must be marked ``django_db`` (plain, not ``transaction=True``): that is
  what makes pytest-django create the test database at all.  Each test then runs in a
  transaction that is rolled back; on SQLite that includes what the server wrote during it
  (sessions, audit rows), on PostgreSQL the server commits on its own connection.
* Journeys that are not about signing in start from a session made by ``site``
  (:meth:`Journey.signed_in_as`); signing in through the form costs a trip through the home
  page, which is slow (about a second of policy filters).
* Each test gets a fresh browser context (no cookies, no storage) and a :class:`Journey`
  that records console errors, failed requests, error responses and CSP violations; a test
  that leaves any behind fails at teardown.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from .support import (
    ANALYST,
    CHROMIUM,
    CHROMIUM_ARGS,
    CSP_LISTENER,
    FAST_HASHERS,
    FAVICON,
    POLICE,
    PRACTITIONER,
    SCENARIO_SCALE,
    SCENARIO_SEED,
    SCENARIO_WEEKS,
    TIMEOUT_MS,
    Journey,
    Member,
    Site,
)

# ---------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, for the whole session."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is not installed (run scripts/ensure-system-packages browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------------------- the data


def _choose_line(practitioner: Any, analyst: Any) -> tuple[Any, list[Member], dict[int, Any]]:
    """A line the practitioner sees, with people and police intelligence she gets as stubs."""
    from linewatch.core.access import Decision
    from linewatch.web.access import decide_for, record_class_of
    from linewatch.web.events.models import Event
    from linewatch.web.lines.models import CountyLine

    for line in CountyLine.objects.select_related("owning_agency").order_by("pk"):
        if decide_for(practitioner, line) is not Decision.VISIBLE:
            continue
        members = [
            Member(
                pk=m.person.pk,
                name=m.person.display_name,
                role=m.get_role_display(),
                agency_name=m.person.owning_agency.name,
                agency_contact=m.person.owning_agency.contact,
                practitioner_sees=decide_for(practitioner, m.person).value,
                analyst_sees=decide_for(analyst, m.person).value,
            )
            for m in line.members.select_related("person__owning_agency").order_by("pk")
        ]
        phones = list(line.numbers.values_list("phone_id", flat=True))
        related = (
            Event.objects.filter(phone_links__phone_id__in=phones)
            .select_related("owning_agency")
            .distinct()
            .order_by("-occurred_at")[:40]  # as many as the line page shows
        )
        events = {
            e.pk: (record_class_of(e), e.owning_agency.code, decide_for(practitioner, e).value)
            for e in related
        }
        redacted_people = [m for m in members if m.practitioner_sees == "redacted"]
        police_intel_stubs = [
            pk
            for pk, (cls, owner, seen) in events.items()
            if cls == "intelligence" and owner == POLICE and seen == "redacted"
        ]
        if (
            redacted_people
            and police_intel_stubs
            and all(m.analyst_sees == "visible" for m in members)
        ):
            return line, members, events
    raise AssertionError(
        f"the scenario (seed {SCENARIO_SEED}, {SCENARIO_WEEKS} weeks, scale {SCENARIO_SCALE}) "
        "has no line that the Charnwood practitioner sees with people and police intelligence "
        "she gets only as stubs; pick another seed in tests/browser/support.py"
    )


def _assert_test_database() -> None:
    """Never flush a real database: the tests must have asked for one (``django_db``)."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    test_name = connection.settings_dict.get("TEST", {}).get("NAME")
    if not (name.startswith(("test_", "file:memorydb")) or name == test_name):
        raise RuntimeError(
            f"refusing to load browser data into {name!r}: mark the tests django_db so that "
            "pytest-django sets up a test database"
        )


@pytest.fixture(scope="module")
def site(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Load the tiny scenario, start a live server, and describe the chosen line."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from linewatch.core.access import Decision
    from linewatch.simulate import simulate
    from linewatch.web.access import decide_for
    from linewatch.web.accounts.models import Agency, User
    from linewatch.web.demo import DEMO_PASSWORD, create_demo_users, load_agencies
    from linewatch.web.intake.scenario import load_scenario
    from linewatch.web.lines.models import CountyLine

    out = tmp_path_factory.mktemp("browser-scenario") / "scenario"
    simulate(SCENARIO_SEED, SCENARIO_WEEKS, SCENARIO_SCALE, out)

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        _assert_test_database()
        call_command("flush", interactive=False, verbosity=0)  # e.g. after --reuse-db
        try:
            load_agencies()
            create_demo_users()
            load_scenario(out, register_lines=True)
            # As `linewatch score` does after an import: worklist pages only read stored runs.
            from linewatch.web.risk.rescoring import rescore

            rescore(stale_only=False)
            practitioner = User.objects.get(username=PRACTITIONER)
            analyst = User.objects.get(username=ANALYST)
            line, members, events = _choose_line(practitioner, analyst)
            police = Agency.objects.get(code=POLICE)
            others = CountyLine.objects.exclude(pk=line.pk).select_related("owning_agency")
            seen = {other.name: decide_for(practitioner, other) for other in others}
            numbers = list(line.numbers.select_related("phone").order_by("pk"))
            # Signed-in sessions for the journeys that are not about signing in (the form
            # costs a round trip through the home page each time).  Made here, outside any
            # test's transaction, so they last the whole module on every database.
            sessions = {}
            for user in (practitioner, analyst):
                client = Client()
                client.force_login(user)
                sessions[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
            described = Site(
                url="",
                password=DEMO_PASSWORD,
                line_pk=line.pk,
                line_name=line.name,
                line_status=line.status_label,
                numbers_national=tuple(n.phone.national for n in numbers),
                numbers_e164=tuple(n.phone.e164 for n in numbers),
                members=tuple(members),
                events=events,
                police_name=police.name,
                police_contact=police.contact,
                hidden_line_names=tuple(n for n, d in seen.items() if d is Decision.HIDDEN),
                redacted_line_names=tuple(n for n, d in seen.items() if d is Decision.REDACTED),
                session_cookie=settings.SESSION_COOKIE_NAME,
                sessions=sessions,
            )

            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            # The first request imports every app's views (many seconds on a busy machine),
            # longer than a page is given: warm the server up once, with a long timeout.
            import urllib.request

            with urllib.request.urlopen(f"{server.url}/healthz", timeout=300) as response:
                assert response.status == 200
            try:
                yield replace(described, url=server.url)
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)


# ---------------------------------------------------------------------------- a journey


@pytest.fixture
def journey(chromium: Any, site: Site) -> Iterator[Journey]:
    """A fresh context per test; fails the test if the pages logged errors or failed loads."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    trip = Journey(site=site, page=page)

    def on_console(message: Any) -> None:
        if message.type == "error":
            trip.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_response(response: Any) -> None:
        trip.responses[response.url] = response.status
        if response.status >= 400 and response.url.startswith(site.url):
            trip.error_responses.append(f"{response.status} {response.url}")
        csp = response.headers.get("content-security-policy")
        if csp:
            trip.csp_headers.append(csp)

    page.on("console", on_console)
    page.on("pageerror", lambda error: trip.console_errors.append(f"uncaught: {error}"))

    def on_request_failed(request: Any) -> None:
        # Chromium fetches the favicon after the load event, so moving on to the next page
        # straight away cancels it (net::ERR_ABORTED); that is the test's haste, not a fault.
        if request.failure == "net::ERR_ABORTED" and request.url.endswith(FAVICON):
            return
        trip.failed_requests.append(f"{request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    try:
        yield trip
        problems = trip.problems()
        assert not problems, "the browser reported problems:\n" + "\n".join(problems)
    finally:
        context.close()


@pytest.fixture(scope="module")
def screenshot_dir() -> Iterator[Path]:
    """Where the screenshots go; kept in ``$LINEWATCH_SCREENSHOT_DIR`` when that is set."""
    kept = os.environ.get("LINEWATCH_SCREENSHOT_DIR")
    if kept:
        path = Path(kept)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    path = Path(tempfile.mkdtemp(prefix="linewatch-screenshots-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
