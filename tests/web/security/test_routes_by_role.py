"""Every API route, as every role of every agency, against the access policy.

The routes come from the API itself (the OpenAPI schema and the ``api:`` URL names), and each
must have an entry in ``EXPECTATIONS`` (or ``NOT_RECORDS``): a new route fails
``test_every_api_route_has_an_expectation`` until someone says what each role may get from it.

For every agency in ``agencies.yaml`` and every role, an API client is made and walks every
route over records held by several agencies in every marking (handling code P and C, standard,
sensitive and restricted, two areas):

- lists hold exactly the records the policy lets the client know of, each in full or as a stub
  as the policy says;
- records' ids of each decision are fetched, other agencies' too (insecure direct object
  references): a hidden record answers exactly as an id that does not exist;
- submissions are refused (403, nothing written) for roles that may not submit, and for the
  others create a record owned by the client's agency, never by the agency the body names.

The web pages, search included, are walked by role in ``tests/web/test_views_never_leak.py``;
share packages and network exports by role and by other agencies' ids in
``test_exports_by_role.py``; report downloads in ``tests/web/trends/test_reports.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from linewatch.core.access import Decision, Role
from linewatch.web.access import decide_for
from linewatch.web.api.principal import SUBMITTING_ROLES, ApiPrincipal
from linewatch.web.api.router import api as ninja_api
from linewatch.web.api.tokens import create_client, revoke_client
from linewatch.web.events.models import Event
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Person

from ..factories import (
    CountyLineFactory,
    EventFactory,
    IntelligenceEventFactory,
    PersonFactory,
    agency,
)

pytestmark = pytest.mark.django_db

INTEL_KINDS = ("intelligence", "community_report")
HOLDERS = ("leicestershire-police", "charnwood-bc", "leicestershire-county-council", "llr-recovery")
MARKINGS = (("P", "standard"), ("P", "sensitive"), ("P", "restricted"), ("C", "standard"))
AREAS = ("E07000130", "E06000016")
NO_SUCH_RECORD = 999_999_999
PER_DECISION = 2  # record pages fetched per client, decision, and own agency or another's
SECRET = "A teenager from Birmingham is staying at the flat and answering the deal line."

Check = Callable[["Caller", ApiPrincipal], list[str]]


class Caller:
    """Sends API requests with one client's token."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if "json" in kwargs:
            kwargs["data"] = kwargs.pop("json")
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(f"/api/v1/{path}", headers=headers, **kwargs)


def _intel() -> Any:
    return Event.objects.filter(kind__in=INTEL_KINDS)


def _events() -> Any:
    return Event.objects.exclude(kind__in=INTEL_KINDS)


def _people() -> Any:
    return Person.objects.all()


def _lines() -> Any:
    return CountyLine.objects.all()


def _reference(record: Any) -> str:
    return f"{record._meta.model_name}:{record.pk}"


def _decisions(principal: ApiPrincipal, queryset: Any) -> dict[str, Decision]:
    return {
        _reference(record): decide_for(principal, record)
        for record in queryset.select_related("owning_agency")
    }


def _each_item(call: Caller, path: str) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        response = call("get", f"{path}?limit=200&offset={offset}")
        assert response.status_code == 200, (path, response.status_code, response.content)
        body = response.json()
        yield from body["items"]
        offset += len(body["items"])
        if not body["items"] or offset >= body["count"]:
            return


def list_check(path: str, records: Callable[[], Any]) -> Check:
    """The list holds every record the policy lets the client know of, and no other; each in
    full or as a stub as the policy says."""

    def check(call: Caller, principal: ApiPrincipal) -> list[str]:
        expected = _decisions(principal, records())
        problems, seen = [], set()
        for item in _each_item(call, path):
            reference = item["reference"]
            seen.add(reference)
            decision = expected.get(reference)
            shown = Decision.REDACTED if item["redacted"] else Decision.VISIBLE
            if decision is not shown:
                problems.append(f"GET {path}: {reference} shown as {shown}, policy: {decision}")
            if item["redacted"] and SECRET in str(item):
                problems.append(f"GET {path}: the stub of {reference} carries the text")
        known = {ref for ref, decision in expected.items() if decision is not Decision.HIDDEN}
        if seen != known:
            problems.append(
                f"GET {path}: missing {sorted(known - seen)}, extra {sorted(seen - known)}"
            )
        return problems

    return check


def _sample(principal: ApiPrincipal, queryset: Any) -> Iterator[tuple[Decision, Any]]:
    """Up to ``PER_DECISION`` records of each decision, own agency's and others' apart."""
    taken: dict[tuple[Decision, bool], int] = {}
    for record in queryset.select_related("owning_agency").order_by("id"):
        decision = decide_for(principal, record)
        key = (decision, record.owning_agency_id == principal.agency_id)
        if taken.get(key, 0) < PER_DECISION:
            taken[key] = taken.get(key, 0) + 1
            yield decision, record


def detail_check(path: str, records: Callable[[], Any]) -> Check:
    """Records' ids of each decision, the client's agency's and others': visible in full,
    redacted as a stub, hidden exactly as an id that does not exist."""

    def check(call: Caller, principal: ApiPrincipal) -> list[str]:
        missing = call("get", path.format(NO_SUCH_RECORD))
        problems = (
            [] if missing.status_code == 404 else [f"{path}: missing id {missing.status_code}"]
        )
        for decision, record in _sample(principal, records()):
            response = call("get", path.format(record.pk))
            where = f"GET {path.format(record.pk)} ({decision})"
            if decision is Decision.HIDDEN:
                if (response.status_code, response.json()) != (404, missing.json()):
                    problems.append(f"{where}: {response.status_code}, not as a missing id")
                continue
            if response.status_code != 200:
                problems.append(f"{where}: {response.status_code}")
                continue
            body = response.json()
            if body["redacted"] is not (decision is Decision.REDACTED):
                problems.append(f"{where}: redacted={body['redacted']}")
            if body["reference"] != _reference(record):
                problems.append(f"{where}: answered {body['reference']}")
            if decision is Decision.REDACTED and SECRET in response.content.decode():
                problems.append(f"{where}: the stub carries the text")
        return problems

    return check


_sequence = itertools.count()


def _submitted(
    call: Caller, principal: ApiPrincipal, method: str, path: str, **body: Any
) -> list[str]:
    before = Event.objects.count()
    response = call(method, path, **body)
    where = f"{method} {path} as {principal.role} of {principal.agency.code}"
    if Role(principal.role) not in SUBMITTING_ROLES:
        problems = [] if response.status_code == 403 else [f"{where}: {response.status_code}"]
        if Event.objects.count() != before:
            problems.append(f"{where}: refused, but a record was written")
        return problems
    if response.status_code not in (200, 201):
        return [f"{where}: {response.status_code} {response.content[:300]!r}"]
    written = Event.objects.order_by("-pk")[: Event.objects.count() - before]
    if not written:
        return [f"{where}: accepted, but nothing was written"]
    wrong = [e.pk for e in written if e.owning_agency_id != principal.agency_id]
    return [f"{where}: records {wrong} owned by another agency"] if wrong else []


def submit_intelligence(call: Caller, principal: ApiPrincipal) -> list[str]:
    payload = {
        "text": "Cars stop briefly at the flat; two teenagers answer the door.",
        "occurred_at": "2024-05-01 21:30",
        "postcode": "LE11 1AB",
    }
    return _submitted(call, principal, "post", "intelligence", json=payload)


def submit_event(call: Caller, principal: ApiPrincipal) -> list[str]:
    ref = f"NF-R{next(_sequence)}"
    own = {"ref": ref, "found_at": "2024-03-07 10:15", "count": 2}
    problems = _submitted(call, principal, "post", "events/needle-finds", json=own)
    # naming another agency in the body is refused, never written as theirs
    other = (
        "leicestershire-police"
        if principal.agency.code != "leicestershire-police"
        else "charnwood-bc"
    )
    before = Event.objects.filter(owning_agency__code=other).count()
    spoof = call("post", "events/needle-finds", json={**own, "ref": ref + "X", "agency": other})
    if spoof.status_code not in (403, 422):
        problems.append(f"submitting as {other}: {spoof.status_code}")
    if Event.objects.filter(owning_agency__code=other).count() != before:
        problems.append(f"a record was written for {other}")
    return problems


def upload_feed(call: Caller, principal: ApiPrincipal) -> list[str]:
    ref = f"NF-U{next(_sequence)}"
    content = f"ref,found_at,count\n{ref},2024-03-07 10:15,3\n".encode()
    file = SimpleUploadedFile("needles.csv", content, content_type="text/csv")
    return _submitted(call, principal, "post", "feeds/needle-finds", data={"file": file})


EXPECTATIONS: dict[str, Check] = {
    "list_intelligence": list_check("intelligence", _intel),
    "get_intelligence": detail_check("intelligence/{}", _intel),
    "list_events": list_check("events", _events),
    "get_person": detail_check("people/{}", _people),
    "list_lines": list_check("lines", _lines),
    "get_line": detail_check("lines/{}", _lines),
    "submit_intelligence": submit_intelligence,
    "submit_event": submit_event,
    "upload_feed": upload_feed,
}
# Routes that hold no partnership records (the schema, its documentation page and assets).
NOT_RECORDS = {"api-root", "openapi-json", "openapi-view", "docs-asset"}


def _schema_operations() -> dict[str, tuple[str, str]]:
    schema = ninja_api.get_openapi_schema()
    return {
        operation["operationId"]: (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


def _api_url_names(patterns: list[Any], inside: bool = False) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_url_names(pattern.url_patterns, inside or pattern.namespace == "api")
        elif isinstance(pattern, URLPattern) and inside:
            yield str(pattern.name)


def test_every_api_route_has_an_expectation() -> None:
    operations = set(_schema_operations())
    names = set(_api_url_names(get_resolver().url_patterns))
    assert operations, "the schema lists no operations"
    missing = (operations | names) - set(EXPECTATIONS) - NOT_RECORDS
    assert not missing, (
        f"API routes with no expectation: {sorted(missing)}; add each to EXPECTATIONS in "
        "tests/web/security/test_routes_by_role.py"
    )
    assert set(EXPECTATIONS) <= operations, "an expectation for a route that no longer exists"


@pytest.fixture
def records(agencies: dict[str, Any]) -> None:
    """Records held by police, a council, the county council and a treatment provider, in
    every marking, alternately in Charnwood and Leicester."""
    for n, (holder, (code, sensitivity)) in enumerate(itertools.product(HOLDERS, MARKINGS)):
        area = AREAS[n % len(AREAS)]
        marking = {
            "owning_agency": agency(holder),
            "handling_code": code,
            "sensitivity": sensitivity,
            "area_code": area,
        }
        IntelligenceEventFactory(**marking)
        EventFactory(**marking)
        PersonFactory(**marking)
        CountyLineFactory(**marking, importing_areas=[area])
    assert Event.objects.count() == 2 * len(HOLDERS) * len(MARKINGS)


def _agency_codes() -> list[str]:
    from linewatch.web.demo import agency_definitions

    return [item["code"] for item in agency_definitions()]


@pytest.mark.slow
@pytest.mark.parametrize("agency_code", _agency_codes())
def test_every_route_as_every_role_of_the_agency(agency_code: str, records: None) -> None:
    problems: list[str] = []
    decided: set[Decision] = set()
    for role in Role:
        issued = create_client(f"{agency_code}-{role.value}", agency_code, role.value)
        principal = ApiPrincipal(issued.client)
        call = Caller(issued.token)
        decided |= set(_decisions(principal, _intel()).values())
        for name, check in EXPECTATIONS.items():
            problems += [f"{role.value} / {name}: {p}" for p in check(call, principal)]
    assert not problems, f"{agency_code}:\n" + "\n".join(problems[:30])
    # other agencies' ids the policy hides were tried (the IDOR case was exercised)
    assert Decision.HIDDEN in decided


def _operation_paths() -> list[tuple[str, str]]:
    fill = {"{report_id}": "1", "{person_id}": "1", "{line_id}": "1", "{kind}": "needle-finds"}
    out = []
    for method, path in _schema_operations().values():
        for placeholder, value in fill.items():
            path = path.replace(placeholder, value)
        out.append((method, path.removeprefix("/api/v1/")))
    return out


def test_every_route_refuses_no_token_a_foreign_token_and_a_revoked_one(
    agencies: dict[str, Any],
) -> None:
    issued = create_client("soon-revoked", "leicestershire-police", "police_analyst")
    revoke_client("soon-revoked")
    PersonFactory(first_name="Jay")
    for token in (None, "lw_not-one-we-issued", "Basic abc", issued.token):
        call = Caller(token)
        for method, path in _operation_paths():
            response = call(method, path, json={})
            assert response.status_code == 401, (token, method, path, response.status_code)
            assert "Jay" not in response.content.decode()
