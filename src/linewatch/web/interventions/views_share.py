"""Share packages: the form, the package page and its JSON and PDF downloads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linewatch.web.audit.trail import record as audit
from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.interventions.models import SharePackage
from linewatch.web.interventions.sharing import (
    ShareError,
    build_package,
    can_share,
    package_json,
    package_pdf,
)
from linewatch.web.lines.models import CountyLine
from linewatch.web.listing import policy_object
from linewatch.web.pole.models import Person


class ShareForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    recipients = forms.CharField(
        label="Recipients",
        max_length=300,
        help_text="The force(s) or unit(s) receiving it, separated by commas",
        error_messages={"required": "Name at least one recipient force or unit"},
    )
    purpose = forms.CharField(
        label="Purpose",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the recipient needs it, for example 'bail management of a runner "
        "returning to Birmingham'",
        error_messages={"required": "Say why the package is shared"},
    )
    lawful_basis = forms.CharField(
        label="Lawful basis",
        max_length=500,
        help_text="For example, 'DPA 2018 Part 3 s35, law enforcement purpose'",
        error_messages={"required": "Give the lawful basis for sharing"},
    )


def _share(request: HttpRequest, subject_type: str, pk: int) -> HttpResponse:
    if not can_share(request.user):
        raise PermissionDenied("Only police roles at a police force make share packages.")
    model: Any = Person if subject_type == "person" else CountyLine
    kind = "person record" if subject_type == "person" else "county line"
    subject, stub = policy_object(request, model.objects.all(), pk, kind)
    if stub:
        raise PermissionDenied("You may not see this record in full, so you may not share it.")
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            package = build_package(
                request.user,
                subject_type,
                pk,
                purpose=data["purpose"],
                lawful_basis=data["lawful_basis"],
                recipients=data["recipients"].split(","),
                request=request,
            )
        except ShareError as error:
            for name, message in error.problems:
                form.add_error(name if name in form.fields else None, message)
        else:
            return redirect("interventions:package", pk=package.pk)
    label = subject.display_name if subject_type == "person" else subject.name
    return render(
        request,
        "interventions/share_form.html",
        {"form": form, "subject_label": label, "subject_ref": f"{model._meta.model_name}:{pk}"},
    )


@require_http_methods(["GET", "POST"])
def share_person(request: HttpRequest, pk: int) -> HttpResponse:
    return _share(request, "person", pk)


@require_http_methods(["GET", "POST"])
def share_line(request: HttpRequest, pk: int) -> HttpResponse:
    return _share(request, "line", pk)


def _own_package(request: HttpRequest, pk: int) -> SharePackage:
    """Only the person who made a package sees it again (it holds what they could see)."""
    package = SharePackage.objects.filter(pk=pk, created_by_id=request.user.pk).first()
    if package is None:
        raise Http404("No share package with that reference that you made.")
    return package


def package(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_package(request, pk)
    return render(
        request, "interventions/share_package.html", {"package": found, "c": found.content}
    )


def _download(request: HttpRequest, found: SharePackage, form: str) -> None:
    audit(
        "disclosure",
        "share_package",
        [found.pk],
        f"Downloaded share package {found.pk} as {form}",
        request=request,
        justification=found.purpose,
        recipients=found.recipients,
    )


def package_json_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_package(request, pk)
    _download(request, found, "JSON")
    response = HttpResponse(package_json(found), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="share-package-{found.pk}.json"'
    return response


def package_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_package(request, pk)
    _download(request, found, "PDF")
    response = HttpResponse(package_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="share-package-{found.pk}.pdf"'
    return response
