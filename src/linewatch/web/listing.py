"""Lists and detail pages that obey the access policy: full rows, stubs, or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

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


COUNT_CAP = 10_000
# A list found to reach the cap is remembered as reaching it (per process) for this long: it
# stays at the cap until thousands of its records go, and counting to the cap through the
# access policy's filter reads every row up to it (~35 ms a page view at 1M events).
CAPPED_FOR_SECONDS = 300


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Pages that count at most :data:`COUNT_CAP` rows: over a million records, ``COUNT(*)``
    on every page view would cost more than the page. Beyond the cap the list ends at page
    ``COUNT_CAP / page size``; narrowing the list (a name, a status) reaches the rest."""

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list
        queryset = rows.queryset if isinstance(rows, MergedByKind) else rows
        capped = queryset.order_by()[:COUNT_CAP]
        # The key is the query itself, access-policy filter included: one per list and policy.
        try:
            sql, params = capped.values("pk").query.sql_with_params()
        except EmptyResultSet:  # the policy shows this user none of them
            return 0
        key = "linewatch-capped-" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        if cache.get(key):
            return COUNT_CAP
        counted = int(capped.count())
        if counted >= COUNT_CAP:
            cache.set(key, True, CAPPED_FOR_SECONDS)
        return counted


class MergedByKind:
    """A policy-filtered queryset, sliced for a page by merging one query per event kind.

    ``kind IN (a, b) ORDER BY received_at`` makes the database sort every matching row
    (SQLite cannot walk an index in order across several ``IN`` values); ``kind = a ORDER BY
    received_at`` walks the ``(kind, received_at, id)`` index and stops at the page. So a page
    ``[start:stop]`` reads the first ``stop`` keys of each kind, merges them, and loads only
    the page's rows. The order is the queryset's (every field ascending or every descending).
    """

    def __init__(self, queryset: models.QuerySet[Any], kinds: Iterable[str]) -> None:
        order = [str(field) for field in queryset.query.order_by]
        descending = {field.startswith("-") for field in order}
        if not order or len(descending) != 1:
            raise ValueError(f"MergedByKind needs one direction for every field, got {order}")
        self.queryset = queryset
        self.kinds = list(kinds)
        self.fields = [field.lstrip("-") for field in order]
        self.descending = descending.pop()

    def __len__(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, index: slice) -> list[Any]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("MergedByKind is sliced by page only")
        start, stop = index.start or 0, index.stop
        keys: list[tuple[Any, ...]] = []
        for kind in self.kinds:
            keys += self.queryset.filter(kind=kind).values_list(*self.fields, "pk")[:stop]
        keys.sort(reverse=self.descending)
        wanted = [key[-1] for key in keys[start:stop]]
        rows = self.queryset.filter(pk__in=wanted).in_bulk()
        return [rows[pk] for pk in wanted if pk in rows]


def policy_page(
    request: HttpRequest,
    queryset: models.QuerySet[Any],
    kind: str,
    *,
    merge_kinds: Iterable[str] = (),
) -> tuple[Page[Any], list[Entry]]:
    """A page of a policy-filtered queryset, with each row as an :class:`Entry`.

    ``merge_kinds``: the event kinds the queryset is limited to, read one kind at a time
    (see :class:`MergedByKind`) so that a page costs an index walk, not a sort of them all.
    """
    filtered = visible_or_redacted(request.user, queryset.select_related("owning_agency"))
    pages: Any = MergedByKind(filtered, merge_kinds) if merge_kinds else filtered
    paginator = CappedPaginator(pages, settings.LINEWATCH_PAGE_SIZE)
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
