"""The home page: the user's area at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.core.geography import LLR_AUTHORITY_CODES, lookup_authority
from linewatch.web.access import visible_or_redacted
from linewatch.web.events.models import Event
from linewatch.web.intake.uploads import can_upload
from linewatch.web.lines.models import CountyLine
from linewatch.web.listing import entries

ACTIVE = ("suspected", "active", "disrupted", "re_emerged")


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    areas = user.work_areas  # type: ignore[union-attr]
    lines = [
        line
        for line in visible_or_redacted(
            user, CountyLine.objects.filter(status__in=ACTIVE).select_related("owning_agency")
        )
        if not areas or set(line.importing_areas or []) & set(areas)
    ]
    events = Event.objects.select_related("owning_agency", "location__owning_agency")
    if areas:
        events = events.filter(area_code__in=areas)
    recent_intel = visible_or_redacted(
        user, events.filter(kind__in=("intelligence", "community_report")).order_by("-occurred_at")
    )[:10]
    recent_events = visible_or_redacted(
        user,
        events.exclude(kind__in=("intelligence", "community_report", "street_crime")).order_by(
            "-occurred_at"
        ),
    )[:10]
    return render(
        request,
        "home.html",
        {
            "area_name": area_name(areas),
            "lines": entries(user, lines, "county line"),
            "recent_intel": entries(user, recent_intel, "intelligence report"),
            "recent_events": entries(user, recent_events, "event"),
            "can_upload": can_upload(user),
        },
    )


def area_name(areas: list[str]) -> str:
    """How the page heading names the user's area."""
    if not areas or set(LLR_AUTHORITY_CODES) <= set(areas):
        return "Leicester, Leicestershire and Rutland"
    return ", ".join(lookup_authority(code).name for code in areas)
