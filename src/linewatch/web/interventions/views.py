"""Interventions: list, record, profile with its deadlines, and the upcoming-deadlines list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from linewatch.web.access import filter_visible
from linewatch.web.audit.trail import record as audit
from linewatch.web.interventions.forms import InterventionForm
from linewatch.web.interventions.models import INTERVENTION_KINDS, Deadline, Intervention
from linewatch.web.interventions.services import (
    InterventionError,
    can_record,
    record_intervention,
)
from linewatch.web.lines.models import CountyLine
from linewatch.web.listing import entries, policy_object, policy_page, querystring_without_page
from linewatch.web.maps import tile_url


def intervention_list(request: HttpRequest) -> HttpResponse:
    queryset = Intervention.objects.select_related("line", "location", "person")
    kind = request.GET.get("kind", "")
    if kind in dict(INTERVENTION_KINDS):
        queryset = queryset.filter(kind=kind)
    page, rows = policy_page(request, queryset, "intervention")
    return render(
        request,
        "interventions/list.html",
        {
            "page_obj": page,
            "rows": rows,
            "kind": kind,
            "kinds": INTERVENTION_KINDS,
            "can_record": can_record(request.user),
            "querystring": querystring_without_page(request),
        },
    )


def _line_from(request: HttpRequest) -> CountyLine | None:
    ref = request.GET.get("line") or request.POST.get("line") or ""
    if not ref.isdigit():
        return None
    return filter_visible(request.user, CountyLine.objects.filter(pk=int(ref))).first()


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """Record any intervention; a line in the query string narrows people and addresses."""
    user: Any = request.user
    if not can_record(user):
        raise PermissionDenied("Your role does not record interventions.")
    line = _line_from(request)
    initial: dict[str, Any] = {"line": line.pk} if line else {}
    for name in ("kind", "person", "location"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = InterventionForm(request.POST or None, user=user, line=line, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = record_intervention(user, form.cleaned_data, request=request)
        except InterventionError as error:
            for name, problems in error.by_field().items():
                field = "exclusion_area_codes" if name == "exclusion_area_codes" else name
                for message in problems:
                    form.add_error(field if field in form.fields else None, message)
        else:
            text = f"{done.intervention.kind_label} recorded."
            if done.status_changes:
                text += " Line status: " + "; ".join(done.status_changes) + "."
            messages.success(request, text)
            return redirect("interventions:detail", pk=done.intervention.pk)
    return render(
        request, "interventions/record.html", {"form": form, "line": line, "tile_url": tile_url()}
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Intervention.objects.select_related(
        "line__owning_agency", "person__owning_agency", "location__owning_agency", "follows"
    )
    intervention, stub = policy_object(request, queryset, pk, "intervention")
    audit(
        "consultation",
        "intervention",
        [pk],
        f"Viewed intervention {pk}" + (" (stub only)" if stub else ""),
        request=request,
    )
    if stub:
        return render(request, "redacted_detail.html", {"stub": stub, "title": "Intervention"})
    targets = {
        "line": entries(request.user, [intervention.line], "county line")
        if intervention.line
        else [],
        "person": entries(request.user, [intervention.person], "person record")
        if intervention.person
        else [],
        "location": entries(request.user, [intervention.location], "location")
        if intervention.location
        else [],
    }
    follows = (
        entries(request.user, [intervention.follows], "intervention")
        if intervention.follows
        else []
    )
    later = entries(
        request.user, intervention.followed_by.select_related("owning_agency"), "intervention"
    )
    history = []
    if targets["line"] and targets["line"][0].visible:
        history = list(
            intervention.line.status_history.filter(reason__contains=f"(intervention {pk})")
        )
    return render(
        request,
        "interventions/detail.html",
        {
            "intervention": intervention,
            "deadlines": intervention.deadlines.all(),
            "targets": targets,
            "follows": follows,
            "later": later,
            "agencies": intervention.partner_agencies.order_by("name"),
            "history": history,
            "now": timezone.now(),
        },
    )


def deadlines(request: HttpRequest) -> HttpResponse:
    """Deadlines from yesterday on, soonest first, of interventions the user may see in full."""
    since = timezone.now() - dt.timedelta(days=1)
    visible = filter_visible(request.user, Intervention.objects.all())
    queryset = (
        Deadline.objects.filter(intervention__in=visible, due_at__gte=since)
        .select_related(
            "intervention__line__owning_agency", "intervention__location__owning_agency"
        )
        .order_by("due_at", "id")
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    rows = [
        (
            deadline,
            _entry(request, deadline.intervention.line, "county line"),
            _entry(request, deadline.intervention.location, "location"),
        )
        for deadline in page.object_list
    ]
    return render(
        request,
        "interventions/deadlines.html",
        {"page_obj": page, "rows": rows, "querystring": querystring_without_page(request)},
    )


def _entry(request: HttpRequest, record: Any, kind: str) -> Any:
    """The record's entry for this user (full or stub), or ``None`` (absent or hidden)."""
    if record is None:
        return None
    found = entries(request.user, [record], kind)
    return found[0] if found else None
