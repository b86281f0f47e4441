"""``/lines``: the county lines register, as the client may see it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from linewatch.web.api import present
from linewatch.web.api.auth import principal_of
from linewatch.web.api.queries import expect_query
from linewatch.web.api.schemas import (
    DEFAULT_LIMIT,
    DETAIL_ERRORS,
    LIST_ERRORS,
    Limit,
    LineOut,
    LinePage,
    Offset,
    RecordId,
    Stub,
)
from linewatch.web.audit.trail import record as audit
from linewatch.web.lines.models import CountyLine

router = Router(tags=["lines"])


@router.get("lines", response={200: LinePage, **LIST_ERRORS})
def list_lines(
    request: HttpRequest,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Any:
    """County lines by name: in full or as stubs."""
    principal = principal_of(request)
    expect_query(request, "limit", "offset")
    body, records = present.page(
        principal,
        CountyLine.objects.order_by("name", "id"),
        limit,
        offset,
        "county line",
        present.line,
    )
    audit(
        "consultation",
        "county_line",
        [r.pk for r in records],
        f"API client {principal.name} listed {len(records)} county lines",
        request=request,
        user=principal,
    )
    return body


@router.get("lines/{line_id}", response={200: LineOut | Stub, **DETAIL_ERRORS})
def get_line(request: HttpRequest, line_id: RecordId) -> Any:
    """One county line: its numbers, people (by id) and status."""
    principal = principal_of(request)
    expect_query(request)
    line = present.one(principal, CountyLine.objects.all(), line_id)
    body = present.entry(principal, line, "county line", present.line)
    audit(
        "consultation",
        "county_line",
        [line.pk],
        f"API client {principal.name} read county line {line.pk}"
        + (" (stub only)" if body["redacted"] else ""),
        request=request,
        user=principal,
    )
    return body
