"""The review queue and erasure of a person."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from linewatch.core.access import Role
from linewatch.web.listing import policy_object, policy_page
from linewatch.web.pole.models import Person
from linewatch.web.retention.erasure import ErasureRefused, erase_person
from linewatch.web.retention.forms import ErasureForm
from linewatch.web.retention.periods import load_periods
from linewatch.web.retention.queue import CLASSES, due_for_review

REVIEWING_ROLES = frozenset({Role.POLICE_ANALYST, Role.PARTNER_ANALYST, Role.AUDITOR})
ERASING_ROLES = frozenset({Role.POLICE_ANALYST, Role.PARTNER_ANALYST})


def _require(user: Any, roles: frozenset[Role]) -> None:
    if getattr(user, "role", "") not in roles:
        raise PermissionDenied("Your role does not review or erase records.")


def review_queue(request: HttpRequest) -> HttpResponse:
    """Records past their review date that the user may know of, one class at a time."""
    _require(request.user, REVIEWING_ROLES)
    periods = load_periods()
    chosen = request.GET.get("class", "person")
    if chosen not in CLASSES:
        raise Http404("No such record class.")
    record_class = CLASSES[chosen]
    period = periods[chosen]
    page, rows = policy_page(request, due_for_review(record_class, period), record_class.kind)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "retention/queue.html",
        {
            "classes": [(c, periods[c.name]) for c in CLASSES.values()],
            "chosen": record_class,
            "period": period,
            "page_obj": page,
            "rows": rows,
            "model_name": record_class.model._meta.model_name,
            "querystring": params.urlencode(),
            "may_erase": getattr(request.user, "role", "") in ERASING_ROLES,
        },
    )


def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase one person record, after saying why: only its owning agency's analysts may."""
    _require(request.user, ERASING_ROLES)
    person, stub = policy_object(request, Person.objects.all(), pk, "person")
    user: Any = request.user
    owner = person.owning_agency_id == user.agency_id
    form = ErasureForm(request.POST if request.method == "POST" and owner else None)
    if request.method == "POST":
        if not owner:
            raise PermissionDenied("Only the agency that holds the record may erase it.")
        if form.is_valid():
            try:
                report = erase_person(
                    person, user=user, reason=form.cleaned_data["reason"], request=request
                )
            except ErasureRefused as error:
                form.add_error(None, f"The record was not erased: {error}")
            else:
                messages.success(
                    request,
                    f"Person record {report.person_id} and everything linked to it were erased.",
                )
                return redirect(reverse("retention:queue") + "?class=person")
    return render(
        request,
        "retention/erase.html",
        {"person": person, "stub": stub, "owner": owner, "form": form},
    )
