"""One event's page (ASB report, seizure, missing episode, …)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.listing import policy_object


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Event.objects.select_related("location__owning_agency")
    event, stub = policy_object(request, queryset, pk, "event")
    if event.kind in ("intelligence", "community_report"):
        return redirect("intel:detail", pk=pk)
    audit(
        "consultation",
        "event",
        [pk],
        f"Viewed {event.kind} event {pk}" + (" (stub only)" if stub else ""),
        request=request,
    )
    if stub:
        return render(request, "redacted_detail.html", {"stub": stub, "title": "Event"})
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "persons": event.person_links.select_related("person"),
            "phones": event.phone_links.select_related("phone"),
            "vehicles": event.vehicle_links.select_related("vehicle"),
        },
    )
