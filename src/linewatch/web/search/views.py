"""One search box: a person, an address or postcode, a phone in any format, a VRM, a line."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.core.name_match import fuzzy_matches
from linewatch.core.search_terms import classify
from linewatch.web.access import visible_or_redacted
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.lines.models import CountyLine
from linewatch.web.listing import Entry, entries
from linewatch.web.pole.models import Location, Person, Phone, Vehicle

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


FUZZY_CANDIDATES = 20_000


def _similar_people(text: str) -> Any:
    """People whose recorded name or alias is spelt close to ``text`` (typos, variants)."""
    words = [w for w in text.lower().replace(",", " ").split() if w.isalpha()]
    if not words or len(" ".join(words)) < 4:
        return Person.objects.none()
    # Agencies rarely get the first letter of a surname wrong: candidates share one.
    initials = Q()
    for word in words:
        initials |= Q(surname__istartswith=word[0])
    candidates = Person.objects.filter(initials).values_list("id", "search_name")
    ids = [pk for pk, _ in fuzzy_matches(" ".join(words), candidates[:FUZZY_CANDIDATES])]
    return Person.objects.filter(pk__in=ids[:LIMIT])


def find(user: Any, query: str) -> dict[str, list[Entry]]:
    """Policy-filtered matches for every reading of ``query``."""
    people = Person.objects.none()
    locations = Location.objects.none()
    lines = CountyLine.objects.none()
    phones: list[str] = []
    vrms: list[str] = []
    for term in classify(query):
        if term.kind == "phone":
            phones.append(term.value)
        elif term.kind == "postcode":
            locations = locations | Location.objects.filter(postcode=term.value)
        elif term.kind == "vrm":
            vrms.append(term.value)
        else:
            words = term.value.lower().split()
            name_q = Q()
            for word in words:
                name_q &= Q(search_name__icontains=word)
            people = people | Person.objects.filter(name_q) | _similar_people(term.value)
            address_q = Q()
            for word in words:
                address_q &= Q(address__icontains=word)
            locations = (
                locations
                | Location.objects.filter(address_q)
                | Location.objects.filter(postcode__istartswith=term.value)
            )
            lines = lines | CountyLine.objects.filter(name__icontains=term.value)
    if phones:
        people = people | Person.objects.filter(phone_links__phone__e164__in=phones)
        lines = lines | CountyLine.objects.filter(numbers__phone__e164__in=phones)
    phone_rows = Phone.objects.filter(e164__in=phones)
    vehicle_rows = Vehicle.objects.filter(vrm__in=vrms)
    events = (
        Event.objects.filter(
            Q(phone_links__phone__e164__in=phones) | Q(vehicle_links__vehicle__vrm__in=vrms)
        )
        if (phones or vrms)
        else Event.objects.none()
    )

    def run(queryset: Any, kind: str) -> list[Entry]:
        filtered = visible_or_redacted(user, queryset.select_related("owning_agency").distinct())
        return entries(user, filtered[:LIMIT], kind)

    return {
        "people": run(people, "person record"),
        "locations": run(locations, "location"),
        "lines": run(lines, "county line"),
        "phones": run(phone_rows, "phone"),
        "vehicles": run(vehicle_rows, "vehicle"),
        "events": run(events.order_by("-occurred_at"), "event"),
    }
