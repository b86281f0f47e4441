"""The public page an awareness campaign links to: no sign-in, abuse-resistant, no echo."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from linewatch.web.accounts.models import Agency
from linewatch.web.audit.trail import record as audit
from linewatch.web.concerns.forms import ConcernForm
from linewatch.web.events.models import Event
from linewatch.web.intel.models import IntelligenceReport
from linewatch.web.local_days import after_day, day_start
from linewatch.web.pole.places import location_for

AGENCY = "public-concerns"
LIMIT_PER_HOUR = 5
CONDITIONS = "Ungraded community report: a police analyst grades it before it is shared."


def _client_key(request: HttpRequest) -> str:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
    return f"concern-rate:{forwarded or request.META.get('REMOTE_ADDR', '')}"


def _over_limit(request: HttpRequest) -> bool:
    key = _client_key(request)
    count = cache.get_or_set(key, 0, timeout=3600)
    return int(count or 0) >= LIMIT_PER_HOUR


def _count(request: HttpRequest) -> None:
    key = _client_key(request)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)


@require_http_methods(["GET", "POST"])
def report_concern(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _over_limit(request):
        return render(request, "concerns/too_many.html", status=429)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _count(request)
        store(form.cleaned_data, form.indicators)
        return redirect("concerns:thanks")
    return render(request, "concerns/form.html", {"form": form})


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/thanks.html")


@transaction.atomic
def store(data: dict[str, Any], indicators: list[str]) -> Event:
    agency = Agency.objects.get(code=AGENCY)
    now = timezone.now()
    location = location_for(
        data.get("address", ""), data.get("postcode", ""), agency, source="community-web"
    )
    contact = " / ".join(v for v in (data.get("contact_name"), data.get("contact_details")) if v)
    today = timezone.localdate(now)
    count = Event.objects.filter(
        owning_agency=agency, received_at__gte=day_start(today), received_at__lt=after_day(today)
    ).count()
    event = Event.objects.create(
        kind="community_report",
        ref=f"PUBLIC/{today:%Y%m%d}/{count + 1:04d}",
        owning_agency=agency,
        occurred_at=now,
        received_at=now,
        source_feed="community-web",
        category=data["concern"],
        location=location,
        location_text="" if location else data.get("address", ""),
        area_code=location.area_code if location else "",
        easting=location.easting if location else None,
        northing=location.northing if location else None,
        handling_code="C",
        sensitivity="sensitive" if contact else "standard",
        details={"contact": contact} if contact else {},
    )
    IntelligenceReport.objects.create(
        event=event,
        text=data["text"],
        source_agency=agency,
        indicators=indicators,
        handling_conditions=CONDITIONS,
        status="awaiting_grading",
    )
    audit(
        "collection",
        "community_report",
        [event.pk],
        "Community concern received " + ("with contact details" if contact else "anonymously"),
    )
    return event
