"""``/intelligence``: submit a report; list and read what the client may see."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from linewatch.web.api import present
from linewatch.web.api.auth import principal_of, submitting_principal
from linewatch.web.api.queries import expect_query
from linewatch.web.api.schemas import (
    DEFAULT_LIMIT,
    DETAIL_ERRORS,
    INTEL_KINDS,
    LIST_ERRORS,
    WRITE_ERRORS,
    IntelligenceIn,
    IntelligenceOut,
    IntelligencePage,
    Limit,
    Offset,
    RecordId,
    Stub,
    SubmissionOut,
)
from linewatch.web.api.writing import submit_row
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event

router = Router(tags=["intelligence"])


def _queryset() -> Any:
    return Event.objects.filter(kind__in=INTEL_KINDS).select_related("report")


@router.post("intelligence", response={201: SubmissionOut, 200: SubmissionOut, **WRITE_ERRORS})
def submit_intelligence(request: HttpRequest, payload: IntelligenceIn) -> Any:
    """Submit one intelligence report for the client's agency (graded 3x5x2 or not)."""
    principal = submitting_principal(request)
    expect_query(request)
    values = payload.model_dump(exclude_none=True)
    values.setdefault("ref", f"API-{uuid.uuid4().hex[:12].upper()}")
    values["submitted_at"] = timezone.now().isoformat(timespec="seconds")
    for name in ("phones", "vehicles", "subjects", "indicators"):
        if not values.get(name):
            values.pop(name, None)
    submission = submit_row(principal, "intelligence", values)
    event = submission.event
    report = getattr(event, "report", None)
    audit(
        "collection",
        "intelligence_report",
        [event.pk],
        f"API client {principal.name} submitted intelligence report {event.ref}"
        + ("" if submission.created else " (already present)"),
        request=request,
        user=principal,
    )
    body = {
        "id": event.pk,
        "reference": present.reference(event),
        "kind": event.kind,
        "ref": event.ref,
        "status": "created" if submission.created else "already_present",
        "grading_status": report.status if report else None,
    }
    return Status(201 if submission.created else 200, body)


@router.get("intelligence", response={200: IntelligencePage, **LIST_ERRORS})
def list_intelligence(
    request: HttpRequest,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Intelligence reports and community reports, newest first: in full or as stubs."""
    principal = principal_of(request)
    expect_query(request, "limit", "offset")
    queryset = _queryset().order_by("-received_at", "-id")
    body, records = present.page(
        principal, queryset, limit, offset, "intelligence report", present.intelligence
    )
    stubs = sum(1 for item in body["items"] if item["redacted"])
    audit(
        "consultation",
        "intelligence_report",
        [r.pk for r in records],
        f"API client {principal.name} listed {len(records)} intelligence reports"
        + (f" ({stubs} as stubs)" if stubs else ""),
        request=request,
        user=principal,
    )
    return body


@router.get("intelligence/{report_id}", response={200: IntelligenceOut | Stub, **DETAIL_ERRORS})
def get_intelligence(request: HttpRequest, report_id: RecordId) -> Any:
    """One intelligence report; a stub when the client may know of it but not read it."""
    principal = principal_of(request)
    expect_query(request)
    event = present.one(principal, _queryset(), report_id)
    body = present.entry(principal, event, "intelligence report", present.intelligence)
    audit(
        "consultation",
        "intelligence_report",
        [event.pk],
        f"API client {principal.name} read intelligence report {event.pk}"
        + (" (stub only)" if body["redacted"] else ""),
        request=request,
        user=principal,
    )
    return body
