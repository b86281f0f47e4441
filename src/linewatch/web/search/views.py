"""One search box: a person, an address or postcode, a phone in any format, a VRM, a line."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.core.search_terms import classify, could_be_postcode_start
from linewatch.web.access import visible_or_redacted
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event, EventPhone, EventVehicle
from linewatch.web.lines.models import CountyLine, DealLineNumber
from linewatch.web.listing import Entry, entries
from linewatch.web.pole.models import Location, Person, PersonPhone, Phone, Vehicle
from linewatch.web.search.queries import people_named, places_with, similar_people

LIMIT = 25


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results: dict[str, list[Entry]] = {}
    if query:
        results = find(request.user, query)
        # One reference per record found, the same for full rows and stubs: "person:12".
        found = [
            e.stub.reference if e.stub else f"{e.record._meta.model_name}:{e.record.pk}"
            for rows in results.values()
            for e in rows
        ]
        audit(
            "consultation",
            "search",
            found,
            f"Searched for {query!r}",
            request=request,
        )
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "total": sum(len(rows) for rows in results.values()),
        },
    )


def _first(user: Any, queryset: Any, kind: str) -> list[Entry]:
    filtered = visible_or_redacted(user, queryset.select_related("owning_agency"))
    return entries(user, filtered[:LIMIT], kind)


def _merged(user: Any, model: Any, parts: list[Any], kind: str, order: Any = None) -> list[Entry]:
    """The first :data:`LIMIT` the user may know of among ``parts`` (querysets or id lists),
    in the model's order: each part's own first ones are read (a short query each, where one
    query ``a OR b OR c`` would read every row), then merged by one query over their ids."""
    parts = [part for part in parts if not isinstance(part, list) or part]
    if len(parts) == 1 and not isinstance(parts[0], list):
        return _first(user, parts[0] if order is None else parts[0].order_by(*order), kind)
    ids: set[int] = set()
    for part in parts:
        if isinstance(part, list):
            ids.update(part)
            continue
        filtered = visible_or_redacted(user, part)
        if order is not None:
            filtered = filtered.order_by(*order)
        ids.update(filtered.values_list("pk", flat=True)[:LIMIT])
    if not ids:
        return []
    queryset = model.objects.filter(pk__in=sorted(ids))
    return _first(user, queryset if order is None else queryset.order_by(*order), kind)


def find(user: Any, query: str) -> dict[str, list[Entry]]:
    """Policy-filtered matches for every reading of ``query``."""
    people: list[Any] = []
    locations: list[Any] = []
    lines: list[Any] = []
    phones: list[str] = []
    vrms: list[str] = []
    for term in classify(query):
        if term.kind == "phone":
            phones.append(term.value)
        elif term.kind == "postcode":
            locations.append(Location.objects.filter(postcode=term.value))
        elif term.kind == "vrm":
            vrms.append(term.value)
        else:
            words = term.value.lower().split()
            people += [people_named(words), similar_people(term.value, LIMIT)]
            locations.append(places_with(words))
            if could_be_postcode_start(term.value):
                locations.append(Location.objects.filter(postcode__istartswith=term.value))
            lines.append(CountyLine.objects.filter(name__icontains=term.value))
    if phones:
        people.append(
            Person.objects.filter(
                pk__in=PersonPhone.objects.filter(phone__e164__in=phones).values("person_id")
            )
        )
        lines.append(
            CountyLine.objects.filter(
                pk__in=DealLineNumber.objects.filter(phone__e164__in=phones).values("line_id")
            )
        )
    events: list[Any] = []
    if phones:
        events.append(
            Event.objects.filter(
                pk__in=EventPhone.objects.filter(phone__e164__in=phones).values("event_id")
            )
        )
    if vrms:
        events.append(
            Event.objects.filter(
                pk__in=EventVehicle.objects.filter(vehicle__vrm__in=vrms).values("event_id")
            )
        )
    newest = ("-occurred_at",)
    return {
        "people": _merged(user, Person, people, "person record"),
        "locations": _merged(user, Location, locations, "location"),
        "lines": _merged(user, CountyLine, lines, "county line"),
        "phones": _first(user, Phone.objects.filter(e164__in=phones), "phone") if phones else [],
        "vehicles": _first(user, Vehicle.objects.filter(vrm__in=vrms), "vehicle") if vrms else [],
        "events": _merged(user, Event, events, "event", order=newest),
    }
