"""Lists and detail pages that obey the access policy: full rows, stubs, or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import Http404, HttpRequest

from linewatch.core.access import Decision
from linewatch.web.access import Stub, decide_for, stub_for, visible_or_redacted


@dataclass(frozen=True)
class Entry:
    """One row of a list: the record when visible, else a stub."""

    record: Any
    stub: Stub | None

    @property
    def visible(self) -> bool:
        return self.stub is None


def entries(user: Any, records: Iterable[Any], kind: str) -> list[Entry]:
    """Pair each record with the policy's decision; hidden records are dropped."""
    result = []
    for record in records:
        decision = decide_for(user, record)
        if decision is Decision.VISIBLE:
            result.append(Entry(record, None))
        elif decision is Decision.REDACTED:
            result.append(Entry(None, stub_for(record, kind)))
    return result


def policy_page(
    request: HttpRequest, queryset: models.QuerySet[Any], kind: str
) -> tuple[Page[Any], list[Entry]]:
    """A page of a policy-filtered queryset, with each row as an :class:`Entry`."""
    filtered = visible_or_redacted(request.user, queryset.select_related("owning_agency"))
    paginator = Paginator(filtered, settings.LINEWATCH_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return page, entries(request.user, page.object_list, kind)


def policy_object(
    request: HttpRequest, queryset: models.QuerySet[Any], pk: int, kind: str
) -> tuple[Any, Stub | None]:
    """The record for a detail page, or its stub; 404 when the policy hides it."""
    record = (
        visible_or_redacted(request.user, queryset.select_related("owning_agency"))
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404(f"No {kind} with that reference, or you may not see it.")
    decision = decide_for(request.user, record)
    if decision is Decision.REDACTED:
        return record, stub_for(record, kind)
    return record, None


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
