"""What works (page), the best-practice guide downloads, and a line's re-emergence watch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.interventions.guide import build_guide, guide_html, guide_pdf
from linewatch.web.interventions.watch import new_activity_touching, watch_for
from linewatch.web.lines.models import CountyLine
from linewatch.web.listing import entries, policy_object


def what_works(request: HttpRequest) -> HttpResponse:
    guide = build_guide(request.user)
    audit(
        "consultation",
        "county_line",
        [],
        f"Viewed what works ({guide.lines_with_interventions} lines)",
        request=request,
    )
    return render(request, "interventions/what_works.html", {"guide": guide})


def _download(request: HttpRequest, form: str) -> tuple[str, object]:
    guide = build_guide(request.user)
    audit(
        "disclosure",
        "county_line",
        [],
        f"Best-practice guide downloaded as {form} ({guide.lines_with_interventions} lines, "
        f"{len(guide.case_studies)} case studies)",
        request=request,
        justification="Best-practice guide from the partnership's disruptions",
        recipients=getattr(request.user, "username", ""),
    )
    return f"linewatch-guide-{timezone.localdate():%Y-%m-%d}", guide


def guide_html_download(request: HttpRequest) -> HttpResponse:
    name, guide = _download(request, "HTML")
    response = HttpResponse(guide_html(guide), content_type="text/html; charset=utf-8")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    return response


def guide_pdf_download(request: HttpRequest) -> HttpResponse:
    name, guide = _download(request, "PDF")
    response = HttpResponse(guide_pdf(guide), content_type="application/pdf")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def line_watch(request: HttpRequest, pk: int) -> HttpResponse:
    """New activity touching a disrupted line's people, addresses and customers, as the user
    may see it (events the policy hides are left out, redacted ones shown as stubs)."""
    line, stub = policy_object(request, CountyLine.objects.all(), pk, "county line")
    audit(
        "consultation",
        "county_line",
        [pk],
        f"Viewed re-emergence watch of line {pk}",
        request=request,
    )
    if stub:
        return render(request, "redacted_detail.html", {"stub": stub, "title": "County line"})
    watch = watch_for(line)
    touches = new_activity_touching(line) if watch else []
    events = {
        e.pk: e
        for e in Event.objects.filter(
            pk__in=[int(t.event_ref.split(":")[1]) for t in touches]
        ).select_related("owning_agency")
    }
    rows = []
    for touch in touches:
        event = events.get(int(touch.event_ref.split(":")[1]))
        for entry in entries(request.user, [event], "event") if event else []:
            # What it touched, by kind only: the watched record itself may be hidden.
            rows.append((touch, entry, sorted({v.split(":")[0] for v in touch.via})))
    return render(request, "interventions/watch.html", {"line": line, "watch": watch, "rows": rows})
