"""No page shows a record the access policy hides, to any demo user.

A tiny simulated scenario is loaded once for the module. Every page in ``LIST_PAGES`` and
``DETAIL_PAGES`` is fetched for every demo user; each response is read for the markers the
templates put on records (``data-record="<model>:<pk>"`` on a record shown in full,
``data-stub="<model>:<pk>"`` on a stub) and for links to record pages. Every full record must be
VISIBLE to that user, every stub REDACTED, and no link may lead to a record the user may not know
of. A new view is covered by adding its URL name to one of the two dicts below;
``test_every_page_of_the_project_is_covered`` fails until it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.events.models import Event
from linewatch.web.interventions.models import Intervention
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person, Phone, Vehicle

INTEL_KINDS = ("intelligence", "community_report")
MODELS: dict[str, type[Any]] = {
    "person": Person,
    "location": Location,
    "countyline": CountyLine,
    "event": Event,
    "phone": Phone,
    "vehicle": Vehicle,
    "intervention": Intervention,
}
# Pages that list records: URL name -> query strings to fetch it with. The search queries are
# filled in from the loaded scenario (a name, a postcode, a deal line in national format…).
LIST_PAGES: dict[str, list[str]] = {
    "home": [""],
    "people:list": ["", "?page=2"],
    "locations:list": ["?postcode=LE"],
    "lines:list": [""],
    "intel:list": [""],
    "intel:queue": [""],  # police analysts only; a 403 for others
    "intel:submit": [""],
    "search": ["{surname}", "{postcode}", "{deal_line_national}", "{line}"],
    "risk:worklist": ["", "?area=la:E07000130"],  # none for administrators and auditors
    "risk:alerts": ["?show=all"],
    "interventions:list": [""],
    "interventions:record": [""],  # administrators and auditors get a 403
    "interventions:deadlines": [""],
    "interventions:what_works": [""],
    "linking:queue": [""],  # police analysts only; a 403 for others
    "linking:runs": [""],  # police analysts only; no personal data
    "linking:place_queue": [""],  # police analysts only; a 403 for others
    "trends:index": [""],  # counts only; administrators get a 403
    "trends:area": ["?la=E07000130"],
    "trends:report": ["", "?la=E07000130"],
    "trends:board": ["", "?quarter=2020Q1"],
    "retention:queue": ["", "?class=intelligence", "?class=event", "?class=line"],  # analysts
    "lines:create": [""],  # police roles only; a 403 for others
    "lines:number-check": [""],  # police roles only
    "network:view": [""],  # the start page: deal lines to centre on
    "network:clusters": [""],  # police analysts only
    "messaging:list": [""],  # police analysts only; a 403 for others
    "messaging:new": [""],  # police analysts only
    "messaging:directory": [""],  # treatment services, no personal data
}
# Record pages: URL name -> how to find the records it shows.
DETAIL_PAGES: dict[str, Any] = {
    "people:detail": lambda: Person.objects.all(),
    "locations:detail": lambda: Location.objects.all(),
    "lines:detail": lambda: CountyLine.objects.all(),
    "intel:detail": lambda: Event.objects.filter(kind__in=INTEL_KINDS),
    "events:detail": lambda: Event.objects.exclude(kind__in=INTEL_KINDS),
    "intel:grade": lambda: Event.objects.filter(kind__in=INTEL_KINDS),  # police analysts only
    "interventions:detail": lambda: Intervention.objects.all(),
    "interventions:watch": lambda: CountyLine.objects.all(),
    "interventions:share_line": lambda: CountyLine.objects.all(),  # police roles only
    "interventions:share_person": lambda: Person.objects.all(),  # police roles only
    "linking:profile": lambda: Person.objects.all(),
    "retention:erase-person": lambda: Person.objects.all(),  # analysts of the holding agency
    # register edit pages: police roles only, and only for a line they may read in full
    "lines:status": lambda: CountyLine.objects.all(),
    "lines:add-number": lambda: CountyLine.objects.all(),
    "lines:add-member": lambda: CountyLine.objects.all(),
    "lines:add-address": lambda: CountyLine.objects.all(),
}
NO_SUCH_RECORD = 999_999_999
# Pages that answer JSON and are checked against the policy in their own tests, by name (a new
# endpoint still has to be listed here, on purpose).
COVERED_ELSEWHERE = {
    name: "the JSON API: tests/web/api"
    for name in (
        "api:api-root",
        "api:docs-asset",
        "api:get_intelligence",
        "api:get_line",
        "api:get_person",
        "api:list_events",
        "api:list_intelligence",
        "api:list_lines",
        "api:openapi-json",
        "api:openapi-view",
        "api:submit_event",
        "api:submit_intelligence",
        "api:upload_feed",
    )
} | {
    "concerns:report": "the public concern form shows no records: tests/web/concerns",
    "risk:entry": "a worklist row's records are checked in tests/web/risk/test_worklists.py",
    "risk:acknowledge": "POST only; tests/web/risk/test_alerts.py",
    "map-authorities": "open boundary data, no records: tests/web/test_maps.py",
    "map-postcode": "open postcode data, no records: tests/web/test_maps.py",
    **{
        name: "an agency's own uploads only: tests/web/intake/test_upload_page.py"
        for name in ("intake:upload", "intake:status", "intake:progress", "intake:rejected-csv")
    },
    "concerns:thanks": "the public concern form shows no records: tests/web/concerns",
    **{
        name: "a campaign is seen only by its agency's analysts: tests/web/messaging/test_views.py"
        for name in ("messaging:detail", "messaging:send", "messaging:refresh")
    },
    "interventions:guide_html": "guide downloads: tests/web/interventions/test_guide.py",
    "interventions:guide_pdf": "guide downloads: tests/web/interventions/test_guide.py",
    "interventions:package": "only its maker: tests/web/interventions/test_sharing.py",
    "interventions:package_json": "only its maker: tests/web/interventions/test_sharing.py",
    "interventions:package_pdf": "only its maker: tests/web/interventions/test_sharing.py",
    "linking:pair": "pairs of person records: tests/web/linking/test_linking_never_leaks.py",
    "linking:place_pair": "pairs of locations: tests/web/linking/test_place_review.py",
    **{
        name: "map layers (GeoJSON), visible events only: tests/web/trends/test_map_layers.py"
        for name in ("trends:areas", "trends:events", "trends:hotspots")
    },
    **{
        name: "report downloads (PDF, HTML file, CSV, XLSX): tests/web/trends/test_reports.py"
        for name in (
            "trends:report-pdf",
            "trends:report-html",
            "trends:annex-csv",
            "trends:annex-xlsx",
            "trends:board-pdf",
            "trends:board-csv",
        )
    },
    "audit:trail": "auditors only: tests/web/security/test_auditor_page.py",
    **{
        name: "the network around a centre, per user: tests/web/network/test_network_policy.py"
        for name in ("network:json", "network:export")
    },
    **{
        name: "register writes (POST, a check-back by id): tests/web/lines/test_register_views.py"
        for name in ("lines:from-cluster", "lines:schedule-checkback", "lines:record-checkback")
    },
}
# Not partnership records: sign-in, static files, the open-data attribution page, health check.
NOT_RECORD_PAGES = ("admin/", "static/", "accounts/", "about/", "healthz")
# Links to record pages, by URL prefix -> model.
LINKS = {
    "people": "person",
    "locations": "location",
    "lines": "countyline",
    "intelligence": "event",
    "events": "event",
}
USERNAMES = (
    "police.analyst",
    "police.officer",
    "police.commander",
    "police.auditor",
    "police.admin",
    "charnwood.practitioner",
    "charnwood.analyst",
    "county.socialworker",
    "housing.officer",
    "recovery.worker",
    "city.analyst",
)
PER_DECISION = 2  # detail pages fetched per user, model and decision

RECORD = re.compile(r'data-record="([a-z]+):(\d+)"')
STUB = re.compile(r'data-stub="([a-z]+):(\d+)"')
LINK = re.compile(r'href="/(people|locations|lines|intelligence|events)/(\d+)/"')


@pytest.fixture(scope="module")
def scenario(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """The tiny scenario, loaded once; the database is emptied again after the module."""
    from linewatch.simulate import simulate
    from linewatch.web.demo import create_demo_users, load_agencies
    from linewatch.web.intake.scenario import load_scenario
    from linewatch.web.interventions.scenario import record_scenario_interventions

    out = tmp_path_factory.mktemp("leak") / "scenario"
    simulate(seed=5, weeks=8, scale=0.02, out=out)
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Worklist pages read stored runs (scored here, as `linewatch score` does); no background
    # rescoring thread, whose connection could not see this module's test transactions.
    scheduled = override_settings(PASSWORD_HASHERS=fast, LINEWATCH_RISK_RESCORE="scheduled")
    with django_db_blocker.unblock(), scheduled:
        load_agencies()
        create_demo_users()
        summary = load_scenario(Path(out), register_lines=True)
        assert summary.accepted > 100
        assert summary.lines > 0
        record_scenario_interventions()  # intervention pages then show records and stubs
        from linewatch.web.risk.rescoring import rescore

        rescore(stale_only=False)
        terms = _search_terms()
        try:
            yield terms
        finally:
            call_command("flush", interactive=False, verbosity=0)


def _search_terms() -> dict[str, str]:
    line = CountyLine.objects.filter(numbers__isnull=False).first()
    assert line is not None, "the scenario registered no line with a deal-line number"
    phone = line.numbers.select_related("phone").first().phone  # type: ignore[union-attr]
    person = Person.objects.exclude(surname="").order_by("id").first()
    location = Location.objects.exclude(postcode="").order_by("id").first()
    assert person is not None
    assert location is not None
    return {
        "surname": person.surname,
        "postcode": location.postcode.replace(" ", "").lower(),  # another format
        "deal_line_national": phone.national,  # 07xxx xxxxxx
        "deal_line_e164": phone.e164,
        "line": line.name.split()[0].lower(),
    }


def _urls(name: str, terms: dict[str, str]) -> list[str]:
    base = reverse(name)
    if name == "search":
        from urllib.parse import urlencode

        return [f"{base}?{urlencode({'q': q.format(**terms)})}" for q in LIST_PAGES[name]]
    return [base + query for query in LIST_PAGES[name]]


@pytest.fixture
def client_for(db: Any, scenario: dict[str, str]) -> Any:
    from linewatch.web.accounts.models import User

    def make(username: str) -> tuple[Client, Any]:
        user = User.objects.select_related("agency").get(username=username)
        client = Client()
        client.force_login(user)
        return client, user

    return make


def _decision(user: Any, model_name: str, pk: int) -> Decision:
    record = MODELS[model_name].objects.select_related("owning_agency").get(pk=pk)
    return decide_for(user, record)


def _leaks(user: Any, html: str) -> list[str]:
    """Every marker or link on the page that contradicts the policy, described."""
    problems = []
    for model_name, pk in set(RECORD.findall(html)):
        decision = _decision(user, model_name, int(pk))
        if decision is not Decision.VISIBLE:
            problems.append(
                f"{model_name} {pk} shown in full, but the policy says {decision.value}"
            )
    for model_name, pk in set(STUB.findall(html)):
        decision = _decision(user, model_name, int(pk))
        if decision is not Decision.REDACTED:
            problems.append(
                f"{model_name} {pk} shown as a stub, but the policy says {decision.value}"
            )
    for prefix, pk in set(LINK.findall(html)):
        decision = _decision(user, LINKS[prefix], int(pk))
        if decision is Decision.HIDDEN:
            problems.append(f"a link to /{prefix}/{pk}/, which the policy hides from this user")
    return problems


def _url_names(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_RECORD_PAGES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or route}"


def test_every_page_of_the_project_is_covered() -> None:
    pages = set(_url_names(get_resolver().url_patterns))
    uncovered = pages - set(LIST_PAGES) - set(DETAIL_PAGES) - set(COVERED_ELSEWHERE)
    assert not uncovered, (
        f"pages not covered by the leak test: {sorted(uncovered)}; add each to LIST_PAGES or "
        "DETAIL_PAGES in tests/web/test_views_never_leak.py"
    )
    assert set(LIST_PAGES) | set(DETAIL_PAGES) <= pages, "a covered page no longer exists"


@pytest.mark.parametrize("username", USERNAMES)
def test_list_pages_show_only_what_the_policy_allows(
    username: str, client_for: Any, scenario: dict[str, str]
) -> None:
    client, user = client_for(username)
    problems, shown = [], 0
    for name in LIST_PAGES:
        for url in _urls(name, scenario):
            response = client.get(url)
            assert response.status_code in (200, 403), f"{url}: {response.status_code}"
            html = response.content.decode()
            shown += len(RECORD.findall(html)) + len(STUB.findall(html))
            problems += [f"{url}: {problem}" for problem in _leaks(user, html)]
    assert not problems, f"{username}:\n" + "\n".join(problems[:20])
    if username != "police.admin":
        assert shown > 0, f"{username} saw nothing at all: the pages were not exercised"


def _sample(user: Any, queryset: Any) -> dict[Decision, list[Any]]:
    chosen: dict[Decision, list[Any]] = {decision: [] for decision in Decision}
    for record in queryset.select_related("owning_agency").order_by("id"):
        bucket = chosen[decide_for(user, record)]
        if len(bucket) < PER_DECISION:
            bucket.append(record)
        if all(len(bucket) >= PER_DECISION for bucket in chosen.values()):
            break
    return chosen


@pytest.mark.parametrize("username", USERNAMES)
def test_record_pages_show_a_record_a_stub_or_not_found(username: str, client_for: Any) -> None:
    """A visible record's page shows it; a redacted one's shows only its stub; a hidden one's
    answers exactly as a reference that does not exist (404, or 403 where the user's role may
    not use the page at all)."""
    client, user = client_for(username)
    problems, fetched = [], 0
    for name, records in DETAIL_PAGES.items():
        refused = client.get(reverse(name, args=[NO_SUCH_RECORD])).status_code
        assert refused in (403, 404), f"{name}: a missing record answered {refused}"
        for decision, sample in _sample(user, records()).items():
            for record in sample:
                fetched += 1
                url = reverse(name, args=[record.pk])
                response = client.get(url)
                status = response.status_code
                reference = f"{record._meta.model_name}:{record.pk}"
                if decision is Decision.HIDDEN:
                    if status != refused:
                        problems.append(f"{url}: hidden record answered {status}, not {refused}")
                    continue
                if status == 403 and refused == 403:
                    continue  # the user's role may not use this page for any record
                if status not in (200, 403):
                    problems.append(f"{url}: {decision.value} record answered {status}")
                    continue
                html = response.content.decode()
                problems += [f"{url}: {problem}" for problem in _leaks(user, html)]
                if status == 403:
                    if decision is Decision.VISIBLE:
                        problems.append(f"{url}: a visible record was refused")
                    continue
                if decision is Decision.VISIBLE and f'data-record="{reference}"' not in html:
                    problems.append(f"{url}: a visible record's page does not show it")
                if decision is Decision.REDACTED and f'data-stub="{reference}"' not in html:
                    problems.append(f"{url}: a redacted record's page shows no stub")
    assert fetched > 0
    assert not problems, f"{username}:\n" + "\n".join(problems[:20])


def test_the_treatment_provider_sees_nothing_of_other_agencies(client_for: Any) -> None:
    client, user = client_for("recovery.worker")
    own = user.agency
    for name in LIST_PAGES:
        for url in _urls(name, _search_terms()):
            html = client.get(url).content.decode()
            for model_name, pk in RECORD.findall(html) + STUB.findall(html):
                record = MODELS[model_name].objects.get(pk=pk)
                assert record.owning_agency_id == own.id, f"{url}: {model_name} {pk}"
    others = Event.objects.exclude(owning_agency=own)[:20]
    assert others
    for event in others:
        assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404


def test_the_administrator_and_auditor_see_no_content(client_for: Any) -> None:
    admin, _ = client_for("police.admin")
    auditor, _ = client_for("police.auditor")
    for name in ("people:list", "locations:list", "lines:list", "intel:list"):
        url = reverse(name)
        admin_html = admin.get(url).content.decode()
        assert not RECORD.findall(admin_html)
        assert not STUB.findall(admin_html)
        auditor_html = auditor.get(url).content.decode()
        assert not RECORD.findall(auditor_html)
        assert STUB.findall(auditor_html), f"{url}: the auditor should see stubs"


def test_signed_out_visitors_are_sent_to_sign_in(client_for: Any) -> None:
    anonymous = Client()
    person = Person.objects.first()
    assert person is not None
    urls = [reverse(name) for name in LIST_PAGES] + [
        reverse(name, args=[records().first().pk]) for name, records in DETAIL_PAGES.items()
    ]
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
        assert person.surname not in response.content.decode()
