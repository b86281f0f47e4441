"""The county lines register: list and line profile."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.intel.submission import can_grade_queue
from linewatch.web.lines.figures import headline_figures
from linewatch.web.lines.forms import ScheduleCheckBackForm
from linewatch.web.lines.models import LINE_STATUSES, CountyLine
from linewatch.web.lines.permissions import can_edit_register
from linewatch.web.listing import entries, policy_object, policy_page, querystring_without_page


def line_list(request: HttpRequest) -> HttpResponse:
    queryset = CountyLine.objects.prefetch_related("numbers__phone")
    status = request.GET.get("status", "")
    if status in dict(LINE_STATUSES):
        queryset = queryset.filter(status=status)
    page, rows = policy_page(request, queryset, "county line")
    return render(
        request,
        "lines/line_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "status": status,
            "statuses": LINE_STATUSES,
            "querystring": querystring_without_page(request),
            "headline": headline_figures(request.user),
            "can_edit": can_edit_register(request.user),
            "can_review_clusters": can_grade_queue(request.user),
        },
    )


def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line, stub = policy_object(request, CountyLine.objects.all(), pk, "county line")
    audit(
        "consultation",
        "county_line",
        [pk],
        f"Viewed county line {pk}" + (" (stub only)" if stub else ""),
        request=request,
    )
    if stub:
        return render(request, "redacted_detail.html", {"stub": stub, "title": "County line"})
    numbers = list(line.numbers.select_related("phone"))
    members = line.members.select_related("person__owning_agency", "person__home")
    member_rows = [
        (member, row)
        for member in members
        for row in entries(request.user, [member.person], "person record")
    ]
    addresses = line.addresses.select_related("location__owning_agency")
    address_rows = [
        (use, row) for use in addresses for row in entries(request.user, [use.location], "location")
    ]
    phone_ids = [n.phone_id for n in numbers]
    related = (
        Event.objects.filter(Q(phone_links__phone_id__in=phone_ids))
        .select_related("owning_agency", "location__owning_agency")
        .distinct()
        .order_by("-occurred_at")[:40]
    )
    return render(
        request,
        "lines/line_detail.html",
        {
            "line": line,
            "numbers": numbers,
            "members": member_rows,
            "addresses": address_rows,
            "events": entries(request.user, related, "event"),
            "history": line.status_history.select_related("changed_by")[:50],
            "checkbacks": line.checkbacks.select_related("done_by", "number__phone"),
            "can_edit": can_edit_register(request.user),
            "schedule_form": ScheduleCheckBackForm(),
            "interventions": entries(
                request.user, line.interventions.select_related("owning_agency"), "intervention"
            ),
        },
    )
