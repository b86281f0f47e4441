"""Campaign pages: list, new, campaign (counts, preview, messages), send, refresh; the
treatment services directory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linewatch.core.access import Role
from linewatch.core.campaign import REASONS, NotifyError
from linewatch.web.audit.trail import record as audit
from linewatch.web.messaging import campaigns as service_layer
from linewatch.web.messaging.config import notify_config
from linewatch.web.messaging.directory import DirectoryError, import_directory
from linewatch.web.messaging.forms import DirectoryUploadForm, NewCampaignForm
from linewatch.web.messaging.models import Campaign, TreatmentService

REASON_LABELS = {
    "invalid": "Not a phone number",
    "duplicate": "Duplicate",
    "excluded": "On an exclusion list",
    "opted_out": "Opted out (replied STOP)",
    "known_child": "Known child",
    "police_or_partner": "Police or partner number",
    "do_not_contact": "Do not contact",
    "not_mobile": "Not a mobile",
}
DIRECTORY_EDITORS = (Role.POLICE_ANALYST.value, Role.PARTNER_ANALYST.value)


def _require_campaigns(request: HttpRequest) -> Any:
    user: Any = request.user
    if not service_layer.can_run_campaigns(user):
        raise PermissionDenied("Diversion campaigns are run by police intelligence analysts.")
    return user


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    user = _require_campaigns(request)
    campaign = Campaign.objects.filter(pk=pk, owning_agency=user.agency).first()
    if campaign is None:
        raise Http404("No campaign with that reference.")
    return campaign


def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _require_campaigns(request)
    rows = Campaign.objects.filter(owning_agency=user.agency).select_related("service")[:100]
    return render(request, "messaging/campaign_list.html", {"campaigns": rows})


@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    user = _require_campaigns(request)
    imports = list(service_layer.handset_imports(user).order_by("-started_at")[:200])
    form = NewCampaignForm(request.POST or None, imports=imports)
    if request.method == "POST" and form.is_valid():
        feed_import = next(i for i in imports if str(i.pk) == form.cleaned_data["source"])
        area = form.cleaned_data["area"] or service_layer.handset_area(user, feed_import)
        chosen = form.cleaned_data["service"]
        service = (
            TreatmentService.objects.filter(pk=chosen).first()
            if chosen
            else service_layer.service_for_area(area)
        )
        campaign = service_layer.create_campaign(
            user,
            feed_import,
            name=form.cleaned_data["name"],
            area_code=area,
            service=service,
            request=request,
        )
        return redirect("messaging:detail", pk=campaign.pk)
    return render(request, "messaging/campaign_new.html", {"form": form, "imports": imports})


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    audit(
        "consultation",
        "campaign",
        [campaign.pk],
        f"Viewed campaign {campaign.pk}",
        request=request,
    )
    config = notify_config()
    preparation = campaign.preparation or {}
    removed = preparation.get("removed", {})
    return render(
        request,
        "messaging/campaign_detail.html",
        {
            "campaign": campaign,
            "preparation": preparation,
            "removed_rows": [(REASON_LABELS[r], removed.get(r, 0)) for r in REASONS],
            "preview": service_layer.preview(campaign),
            "refusal": service_layer.refusal(campaign, config),
            "backend": config.backend,
            "messages_sent": campaign.messages.order_by("id")[:500],
            "counts": {
                state: campaign.messages.filter(state=state).count()
                for state in ("queued", "sending", "sent", "deferred", "failed")
            },
        },
    )


@require_POST
def campaign_send(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        report = service_layer.send_campaign(campaign, user=request.user, request=request)
    except service_layer.CampaignRefused as refused:
        messages.error(request, str(refused))
        return redirect("messaging:detail", pk=campaign.pk)
    if campaign.backend == "log-only":
        messages.success(
            request,
            f"Campaign logged: {report.sent} messages recorded; nothing left Linewatch "
            "(log-only backend).",
        )
    elif report.failed or report.deferred or report.unresolved:
        messages.warning(request, f"Campaign sent in part: {report.summary()}.")
    else:
        messages.success(request, f"Campaign sent: {report.summary()}.")
    return redirect("messaging:detail", pk=campaign.pk)


@require_POST
def campaign_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        updated = service_layer.refresh_statuses(campaign)
        stops = service_layer.record_replies()
    except NotifyError as error:
        messages.error(request, f"Notify could not be reached: {error}")
    else:
        messages.success(
            request, f"{updated} delivery statuses updated; {stops} new STOP replies recorded."
        )
    return redirect("messaging:detail", pk=campaign.pk)


@require_http_methods(["GET", "POST"])
def directory(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role == Role.ADMINISTRATOR.value:
        raise PermissionDenied("Administrators manage accounts, not services.")
    can_import = user.role in DIRECTORY_EDITORS
    form = DirectoryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied("Only analysts import the services directory.")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_directory(upload.read(), upload.name, user=user, request=request)
            except DirectoryError as error:
                form.add_error("file", f"{upload.name}: {error}")
            else:
                for problem in result.problems:
                    form.add_error("file", problem)
                if not result.problems:
                    messages.success(
                        request,
                        f"{result.created} services added, {result.updated} updated"
                        + (f", {len(result.skipped)} inactive skipped" if result.skipped else "")
                        + ".",
                    )
                    return redirect("messaging:directory")
    return render(
        request,
        "messaging/directory.html",
        {
            "form": form,
            "can_import": can_import,
            "services": TreatmentService.objects.order_by("name"),
        },
    )
