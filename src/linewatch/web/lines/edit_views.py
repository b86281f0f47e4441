"""Register pages that change it (police roles only): new lines, status, numbers, people,
addresses, check-backs, and the which-line-is-this-number check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linewatch.web.access import filter_visible
from linewatch.web.lines import forms
from linewatch.web.lines.checkbacks import CheckBackError, record_result
from linewatch.web.lines.continuity import proposals_for_number
from linewatch.web.lines.models import CheckBack, CountyLine
from linewatch.web.lines.permissions import can_edit_register
from linewatch.web.lines.register import (
    RegisterError,
    add_address,
    add_member,
    add_number,
    create_from_cluster,
    create_line,
    plan_from_cluster,
)
from linewatch.web.lines.status import StatusChangeError, change_status
from linewatch.web.listing import policy_object
from linewatch.web.pole.models import Location, Person, Phone

REFUSED = "Only police officers, analysts and commanders change the county lines register."


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_register(request.user):
        raise PermissionDenied(REFUSED)


def _editable(request: HttpRequest, pk: int) -> CountyLine:
    _require_editor(request)
    line, stub = policy_object(request, CountyLine.objects.all(), pk, "county line")
    if stub is not None:
        raise PermissionDenied("You may not change a line you cannot read.")
    return line  # type: ignore[no-any-return]


def _page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, f"lines/{template}", context, status=status)


@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = forms.LineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        line = create_line(request.user, form.cleaned_data, request=request)
        messages.success(request, f"{line.name} added to the register as suspected.")
        return redirect("lines:detail", pk=line.pk)
    return _page(request, "line_form.html", form=form, plan=None)


@require_POST
def line_from_cluster(request: HttpRequest) -> HttpResponse:
    """First post: the cluster's nodes, shown as a plan with the line form; second: create."""
    _require_editor(request)
    plan = plan_from_cluster(request.user, request.POST.getlist("nodes"))
    if not plan.numbers and not plan.members:
        raise PermissionDenied("Nothing in that cluster is a record you may see.")
    form = forms.LineForm(request.POST if "name" in request.POST else None)
    if "name" in request.POST and form.is_valid():
        line = create_from_cluster(request.user, form.cleaned_data, plan, request=request)
        messages.success(request, f"{line.name} created from the cluster.")
        return redirect("lines:detail", pk=line.pk)
    return _page(request, "line_form.html", form=form, plan=plan)


@require_http_methods(["GET", "POST"])
def line_status(request: HttpRequest, pk: int) -> HttpResponse:
    line = _editable(request, pk)
    form = forms.StatusForm(request.POST or None, current=line.status)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_status(
                line,
                data["status"],
                user=request.user,
                reason=data["reason"],
                request=request,
                closure_type=data.get("closure_type", ""),
            )
        except StatusChangeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{line.name} is now {line.status_label.lower()}.")
            return redirect("lines:detail", pk=line.pk)
    return _page(request, "status_form.html", line=line, form=form)


def number_check(request: HttpRequest) -> HttpResponse:
    """Which registered line a number probably belongs to, by the customers it shares."""
    _require_editor(request)
    form = forms.NumberCheckForm(request.GET if "number" in request.GET else None)
    phone, proposals = None, []
    if form.is_bound and form.is_valid():
        phone = filter_visible(
            request.user, Phone.objects.filter(e164=form.cleaned_data["number"])
        ).first()
        if phone is not None:
            proposals = proposals_for_number(request.user, phone)
    return _page(
        request,
        "number_check.html",
        form=form,
        phone=phone,
        proposals=proposals,
    )


# Adding a number, a person or an address: ``add`` records what the form names and says so,
# or puts an error on the form and returns False; a register refusal goes on ``field``.
Adder = Callable[[HttpRequest, CountyLine, Any], bool]


def _add_to_line(
    request: HttpRequest,
    pk: int,
    form_class: type[Any],
    field: str,
    heading: str,
    add: Adder,
) -> HttpResponse:
    line = _editable(request, pk)
    form = form_class(request.POST or None, initial={field: request.GET.get(field, "")})
    if request.method == "POST" and form.is_valid():
        try:
            added = add(request, line, form)
        except RegisterError as error:
            form.add_error(field, str(error))
        else:
            if added:
                return redirect("lines:detail", pk=line.pk)
    return _page(request, "add_to_line.html", line=line, form=form, heading=heading)


def _visible(request: HttpRequest, model: Any, pk: int) -> Any:
    return filter_visible(request.user, model.objects.filter(pk=pk)).first()


def _add_number(request: HttpRequest, line: CountyLine, form: Any) -> bool:
    data = form.cleaned_data
    number = add_number(
        request.user, line, data["number"], data["valid_from"], data["valid_to"], request=request
    )
    messages.success(request, f"{number.phone.national} added to {line.name}.")
    for found in proposals_for_number(request.user, number.phone, exclude_line=line.pk)[:3]:
        messages.warning(
            request,
            f"This number may be the same line as {found.line.name}: {found.proposal.reason}.",
        )
    return True


def _record_adder(
    field: str, model: Any, add: Callable[..., Any], name: Callable[[Any], str]
) -> Adder:
    """An adder for a record the user names by reference (``person:12``) and must be able to see."""

    def adder(request: HttpRequest, line: CountyLine, form: Any) -> bool:
        data = form.cleaned_data
        record = _visible(request, model, data[field])
        if record is None:
            form.add_error(field, f"There is no {field}:{data[field]} that you may see")
            return False
        add(
            request.user,
            line,
            record,
            data["role"],
            data["valid_from"],
            data["valid_to"],
            request=request,
        )
        messages.success(request, f"{name(record)} added to {line.name}.")
        return True

    return adder


_add_person = _record_adder("person", Person, add_member, lambda person: person.display_name)
_add_location = _record_adder("location", Location, add_address, str)


@require_http_methods(["GET", "POST"])
def line_add_number(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_line(
        request, pk, forms.NumberForm, "number", "Add a deal-line number", _add_number
    )


@require_http_methods(["GET", "POST"])
def line_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_line(request, pk, forms.MemberForm, "person", "Add a person", _add_person)


@require_http_methods(["GET", "POST"])
def line_add_address(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_line(request, pk, forms.AddressForm, "location", "Add an address", _add_location)


@require_POST
def checkback_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    line = _editable(request, pk)
    form = forms.ScheduleCheckBackForm(request.POST)
    if not form.is_valid():
        return _page(
            request, "checkback_form.html", status=400, line=line, form=form, checkback=None
        )
    CheckBack.objects.create(
        line=line,
        due_on=form.cleaned_data["due_on"],
        scheduled_by=request.user,  # type: ignore[misc]
    )
    from linewatch.web.audit.trail import record as audit

    audit(
        "alteration",
        "county_line",
        [line.pk],
        f"Scheduled a check-back on county line {line.pk} for {form.cleaned_data['due_on']}",
        request=request,
    )
    messages.success(request, "Check-back scheduled.")
    return redirect("lines:detail", pk=line.pk)


@require_http_methods(["GET", "POST"])
def checkback_record(request: HttpRequest, pk: int, checkback_id: int) -> HttpResponse:
    line = _editable(request, pk)
    checkback = get_object_or_404(CheckBack, pk=checkback_id, line=line)
    form = forms.CheckBackResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_result(
                checkback,
                result=data["result"],
                done_on=data["done_on"],
                user=request.user,
                notes=data["notes"],
                request=request,
            )
        except CheckBackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Check-back recorded.")
            return redirect("lines:detail", pk=line.pk)
    return _page(request, "checkback_form.html", line=line, form=form, checkback=checkback)
