"""``/events``: submit one event of a feed kind; list what the client may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from linewatch.web.api import present
from linewatch.web.api.auth import principal_of, submitting_principal
from linewatch.web.api.problems import ApiProblem
from linewatch.web.api.queries import expect_query
from linewatch.web.api.schemas import (
    DEFAULT_LIMIT,
    INTEL_KINDS,
    LIST_ERRORS,
    WRITE_ERRORS,
    EventFeedKindPath,
    EventKindQuery,
    EventPage,
    EventRecord,
    Limit,
    Offset,
    SinceQuery,
    SubmissionOut,
)
from linewatch.web.api.writing import submit_row
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event

router = Router(tags=["events"])


@router.post("events/{kind}", response={201: SubmissionOut, 200: SubmissionOut, **WRITE_ERRORS})
def submit_event(
    request: HttpRequest,
    kind: EventFeedKindPath,
    record: EventRecord,
) -> Any:
    """Submit one event, validated exactly as a row of a feed file of that kind."""
    principal = submitting_principal(request)
    expect_query(request)
    if not isinstance(record, dict):
        raise ApiProblem(422, "Send one record as a JSON object.")
    submission = submit_row(principal, str(kind.value), dict(record))
    event = submission.event
    audit(
        "collection",
        "event",
        [event.pk],
        f"API client {principal.name} submitted {event.kind} event {event.ref}"
        + ("" if submission.created else " (already present)"),
        request=request,
        user=principal,
    )
    report = getattr(event, "report", None) if event.kind in INTEL_KINDS else None
    body = {
        "id": event.pk,
        "reference": present.reference(event),
        "kind": event.kind,
        "ref": event.ref,
        "status": "created" if submission.created else "already_present",
        "grading_status": report.status if report else None,
    }
    return Status(201 if submission.created else 200, body)


@router.get("events", response={200: EventPage, **LIST_ERRORS})
def list_events(
    request: HttpRequest,
    kind: EventKindQuery = None,
    since: SinceQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """Events other than intelligence (see /intelligence), oldest received first."""
    principal = principal_of(request)
    expect_query(request, "kind", "since", "limit", "offset")
    queryset = Event.objects.exclude(kind__in=INTEL_KINDS)
    if kind is not None:
        queryset = queryset.filter(kind=kind.value)
    if since is not None:
        queryset = queryset.filter(received_at__gte=since)
    body, records = present.page(
        principal, queryset.order_by("received_at", "id"), limit, offset, "event", present.event
    )
    stubs = sum(1 for item in body["items"] if item["redacted"])
    audit(
        "consultation",
        "event",
        [r.pk for r in records],
        f"API client {principal.name} listed {len(records)} events"
        + (f" ({stubs} as stubs)" if stubs else ""),
        request=request,
        user=principal,
    )
    return body
