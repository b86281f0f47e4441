"""People and locations: lists and profiles, through the access policy, audited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.listing import entries, policy_object, policy_page, querystring_without_page
from linewatch.web.pole.models import Location, Person


def person_list(request: HttpRequest) -> HttpResponse:
    queryset = Person.objects.select_related("home")
    name = request.GET.get("name", "").strip()
    if name:
        queryset = queryset.filter(search_name__icontains=name.lower())
    page, rows = policy_page(request, queryset, "person record")
    return render(
        request,
        "pole/person_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "name": name,
            "querystring": querystring_without_page(request),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person, stub = policy_object(
        request, Person.objects.select_related("home"), pk, "person record"
    )
    audit(
        "consultation",
        "person",
        [pk],
        f"Viewed person record {pk}" + (" (stub only)" if stub else ""),
        request=request,
    )
    if stub:
        return render(request, "redacted_detail.html", {"stub": stub, "title": "Person record"})
    events = entries(
        request.user,
        Event.objects.filter(person_links__person=person)
        .select_related("owning_agency", "location__owning_agency")
        .distinct()[:50],
        "event",
    )
    line_roles = [
        (membership, row)
        for membership in person.line_roles.select_related("line__owning_agency")
        for row in entries(request.user, [membership.line], "county line")
    ]
    return render(
        request,
        "pole/person_detail.html",
        {
            "person": person,
            "events": events,
            "line_roles": line_roles,
            "aliases": person.aliases.all(),
            "phones": [link.phone for link in person.phone_links.select_related("phone")],
        },
    )


def location_list(request: HttpRequest) -> HttpResponse:
    queryset = Location.objects.all()
    postcode = request.GET.get("postcode", "").strip().upper()
    if postcode:
        queryset = queryset.filter(postcode__startswith=postcode)
    page, rows = policy_page(request, queryset, "location")
    return render(
        request,
        "pole/location_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "postcode": postcode,
            "querystring": querystring_without_page(request),
        },
    )


def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location, stub = policy_object(request, Location.objects.all(), pk, "location")
    audit(
        "consultation",
        "location",
        [pk],
        f"Viewed location {pk}" + (" (stub only)" if stub else ""),
        request=request,
    )
    if stub:
        return render(request, "redacted_detail.html", {"stub": stub, "title": "Location"})
    residents = entries(request.user, location.residents.select_related("owning_agency"), "person")
    events = entries(
        request.user,
        Event.objects.filter(location=location).select_related("owning_agency")[:50],
        "event",
    )
    lines = [
        (use, row)
        for use in location.line_uses.select_related("line__owning_agency")
        for row in entries(request.user, [use.line], "county line")
    ]
    return render(
        request,
        "pole/location_detail.html",
        {
            "location": location,
            "residents": residents,
            "events": events,
            "lines": lines,
        },
    )
