"""Intelligence reports: list and report page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.intel.forms import GradeForm, SubmitIntelligenceForm
from linewatch.web.intel.locking import conflict_message, grading_version, locked_for_grading
from linewatch.web.intel.submission import (
    can_grade_on_submission,
    can_grade_queue,
    can_submit,
    grade,
    submit,
)
from linewatch.web.intel.suggestions import link_choices
from linewatch.web.listing import policy_object, policy_page, querystring_without_page
from linewatch.web.maps import tile_url

INTEL_KINDS = ("intelligence", "community_report")


def report_list(request: HttpRequest) -> HttpResponse:
    queryset = Event.objects.filter(kind__in=INTEL_KINDS).select_related(
        "report", "location__owning_agency"
    )
    status = request.GET.get("status", "")
    if status:
        queryset = queryset.filter(report__status=status)
    page, rows = policy_page(
        request,
        queryset.order_by("-received_at", "-id"),
        "intelligence report",
        merge_kinds=INTEL_KINDS,
    )
    return render(
        request,
        "intel/report_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "status": status,
            "can_grade": can_grade_queue(request.user),
            "querystring": querystring_without_page(request),
        },
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Event.objects.filter(kind__in=INTEL_KINDS).select_related(
        "report", "location__owning_agency"
    )
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


@require_http_methods(["GET", "POST"])
def submit_report(request: HttpRequest) -> HttpResponse:
    """The intelligence submission form (graded by police submitters, queued for partners)."""
    user: Any = request.user
    if not can_submit(user):
        raise PermissionDenied("Your role does not submit intelligence.")
    can_grade = can_grade_on_submission(user)
    form = SubmitIntelligenceForm(request.POST or None, can_grade=can_grade, plain=not can_grade)
    if request.method == "POST" and form.is_valid():
        event = submit(user, form.cleaned_data, form.indicators, request=request)
        if event.report.status == "awaiting_grading":
            messages.success(request, f"Report {event.ref} sent. A police analyst will grade it.")
        else:
            messages.success(request, f"Report {event.ref} submitted, graded {event.report.grade}.")
        return redirect("intel:detail", pk=event.pk)
    return render(
        request,
        "intel/submit.html",
        {"form": form, "can_grade": can_grade, "tile_url": tile_url()},
    )


def grading_queue(request: HttpRequest) -> HttpResponse:
    """Reports awaiting a police analyst's grading, oldest first."""
    if not can_grade_queue(request.user):
        raise PermissionDenied("Only police intelligence analysts grade reports.")
    queryset = (
        Event.objects.filter(kind__in=INTEL_KINDS, report__status="awaiting_grading")
        .select_related("report", "location__owning_agency")
        .order_by("received_at", "id")
    )
    page, rows = policy_page(request, queryset, "intelligence report", merge_kinds=INTEL_KINDS)
    return render(
        request,
        "intel/queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "querystring": querystring_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def grade_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Grade, sanitise and link one report."""
    if not can_grade_queue(request.user):
        raise PermissionDenied("Only police intelligence analysts grade reports.")
    queryset = Event.objects.filter(kind__in=INTEL_KINDS).select_related(
        "report", "location__owning_agency"
    )
    event, stub = policy_object(request, queryset, pk, "intelligence report")
    if stub is not None:
        raise PermissionDenied("You may not grade a report you cannot read.")
    report = event.report
    choices = link_choices(request.user, report.text)
    initial = {
        "sanitised_text": report.text,
        "handling_code": event.handling_code,
        "source_evaluation": report.source_evaluation,
        "intelligence_assessment": report.intelligence_assessment,
        "handling_conditions": report.handling_conditions,
        "version": grading_version(event),
    }
    form = GradeForm(
        request.POST or None,
        initial=initial,
        suggestions=[(c.key, c.label) for c in choices.values()],
    )
    audit(
        "consultation",
        "intelligence_report",
        [pk],
        f"Opened {event.ref} for grading",
        request=request,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # optimistic lock: was it changed since the form opened?
            current = locked_for_grading(event.pk)
            sent = form.cleaned_data.get("version")
            if sent and sent != grading_version(current):
                conflict = current
            else:
                grade(request.user, current, form.cleaned_data, choices, request=request)
        if conflict is None:
            messages.success(request, f"Report {event.ref} graded {current.report.grade}.")
            return redirect("intel:detail", pk=event.pk)
        # The second analyst keeps what they wrote, sees the first's grading, and may save
        # again knowingly (the form now carries the current version).
        data = request.POST.copy()
        data["version"] = grading_version(conflict)
        form = GradeForm(
            data, initial=initial, suggestions=[(c.key, c.label) for c in choices.values()]
        )
        form.is_valid()
        form.add_error(None, conflict_message(conflict))
    return render(
        request,
        "intel/grade.html",
        {"form": form, "event": event, "report": report, "conflict": conflict},
    )
