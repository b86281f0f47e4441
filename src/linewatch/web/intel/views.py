"""Intelligence reports: list and report page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.listing import policy_object, policy_page, querystring_without_page

INTEL_KINDS = ("intelligence", "community_report")


def report_list(request: HttpRequest) -> HttpResponse:
    queryset = Event.objects.filter(kind__in=INTEL_KINDS).select_related("report", "location")
    status = request.GET.get("status", "")
    if status:
        queryset = queryset.filter(report__status=status)
    page, rows = policy_page(
        request, queryset.order_by("-received_at", "-id"), "intelligence report"
    )
    return render(
        request,
        "intel/report_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "status": status,
            "querystring": querystring_without_page(request),
        },
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Event.objects.filter(kind__in=INTEL_KINDS).select_related("report", "location")
    event, stub = policy_object(request, queryset, pk, "intelligence report")
    audit(
        "consultation",
        "intelligence_report",
        [pk],
        f"Viewed intelligence report {pk}" + (" (stub only)" if stub else ""),
        request=request,
    )
    if stub:
        return render(
            request, "redacted_detail.html", {"stub": stub, "title": "Intelligence report"}
        )
    return render(
        request,
        "intel/report_detail.html",
        {
            "event": event,
            "report": getattr(event, "report", None),
            "persons": event.person_links.select_related("person"),
            "phones": event.phone_links.select_related("phone"),
            "vehicles": event.vehicle_links.select_related("vehicle"),
        },
    )
