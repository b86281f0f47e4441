"""Database reads behind trends, maps and reports, each filtered by the access policy.

``user=None`` is the command line: an operator with the database itself, who counts every
record (the audit trail records the run with no user).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, time
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.utils import timezone

from linewatch.core.geography import LLR_AUTHORITY_CODES
from linewatch.core.trends import (
    POLICE_UK_CRIME_TYPES,
    CountTable,
    Level,
    PlacedCount,
    Quarter,
    SourceCount,
    breakdown_table,
    categories_of,
    slug,
)
from linewatch.core.trends.categories import KIND_CATEGORIES, SEIZURE_PREFIX
from linewatch.web.access import filter_visible
from linewatch.web.events.models import Event
from linewatch.web.interventions.models import Intervention
from linewatch.web.lines.models import CountyLine, LineStatusChange

NOT_TRENDS = ("handset_contact",)
COUNTY = "LLR"


def visible_events(user: Any) -> QuerySet[Event]:
    events = Event.objects.all()
    return events if user is None else filter_visible(user, events)


def quarter_bounds(quarter: Quarter) -> tuple[datetime, datetime]:
    """The quarter's start and end as local (Europe/London) times."""
    return (
        timezone.make_aware(datetime.combine(quarter.start, time())),
        timezone.make_aware(datetime.combine(quarter.end, time())),
    )


def _quarter_case(events: QuerySet[Event]) -> tuple[Case, list[Quarter]] | None:
    """A CASE numbering each event's local-time quarter, from plain comparisons.

    Cheaper than ``ExtractQuarter`` (on SQLite that runs a Python function per row to apply
    the time zone) and exact at the boundaries, which are local midnights.
    """
    span = events.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if span["first"] is None:
        return None
    local = timezone.localtime
    first, last = Quarter.of(local(span["first"])), Quarter.of(local(span["last"]))
    quarters = [first]
    while quarters[-1] < last:
        quarters.append(quarters[-1].next())
    whens = [
        When(occurred_at__lt=quarter_bounds(q)[1], then=Value(i)) for i, q in enumerate(quarters)
    ]
    return Case(*whens, default=Value(len(quarters) - 1), output_field=IntegerField()), quarters


def source_counts(user: Any, *, county: bool = False) -> list[SourceCount]:
    """Events grouped by area, quarter (local time), kind, category and drug type.

    With ``county`` every LLR area is counted as one area, ``LLR``.
    """
    events = visible_events(user).filter(occurred_at__isnull=False).exclude(kind__in=NOT_TRENDS)
    numbered = _quarter_case(events)
    if numbered is None:
        return []
    case, quarters = numbered
    grouped = (
        events.annotate(quarter_index=case)
        .values("area_code", "kind", "category", "drug_type", "quarter_index")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = []
    for row in grouped:
        area = row["area_code"]
        if county:
            area = COUNTY if area in LLR_AUTHORITY_CODES else ""
        rows.append(
            SourceCount(
                area,
                quarters[row["quarter_index"]],
                row["kind"],
                row["category"],
                row["drug_type"],
                row["n"],
            )
        )
    return rows


def count_table(user: Any, *, county: bool = False) -> CountTable:
    return CountTable.tally(source_counts(user, county=county))


def _only(
    events: QuerySet[Event],
    quarters: Collection[Quarter] | None,
    categories: Collection[str] | None,
) -> QuerySet[Event]:
    """Only the events of these quarters and in these trend categories (None: all)."""
    if quarters is not None:
        within = Q(pk__in=[])
        for quarter in quarters:
            start, end = quarter_bounds(quarter)
            within |= Q(occurred_at__gte=start, occurred_at__lt=end)
        events = events.filter(within)
    if categories is not None:
        wanted = {c.split(":")[0] if c.startswith(SEIZURE_PREFIX) else c for c in categories}
        kinds = [kind for kind, name in KIND_CATEGORIES.items() if name in wanted]
        types = [t for t in POLICE_UK_CRIME_TYPES if slug(t) in wanted]
        events = events.filter(Q(kind__in=kinds) | Q(kind="street_crime", category__in=types))
    return events


def placed_counts(
    user: Any,
    la_code: str | None = None,
    *,
    quarters: Collection[Quarter] | None = None,
    categories: Collection[str] | None = None,
) -> list[PlacedCount]:
    """Events grouped by authority, LSOA, location ward, map point, quarter and category,
    for breakdowns below the authority (``la_code``: one authority only; ``quarters`` and
    ``categories``: only those)."""
    events = visible_events(user).filter(occurred_at__isnull=False).exclude(kind__in=NOT_TRENDS)
    if la_code is not None:
        events = events.filter(area_code=la_code)
    events = _only(events, quarters, categories)
    numbered = _quarter_case(events)
    if numbered is None:
        return []
    case, quarters = numbered
    grouped = (
        events.annotate(quarter_index=case)
        .values(
            "area_code",
            "lsoa_code",
            "location__ward_code",
            "longitude",
            "latitude",
            "kind",
            "category",
            "drug_type",
            "quarter_index",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        PlacedCount(
            row["area_code"],
            row["lsoa_code"],
            row["location__ward_code"] or "",
            row["longitude"],
            row["latitude"],
            quarters[row["quarter_index"]],
            row["kind"],
            row["category"],
            row["drug_type"],
            row["n"],
        )
        for row in grouped
    ]


def level_table(
    user: Any,
    level: Level,
    la_code: str | None = None,
    *,
    quarters: Collection[Quarter] | None = None,
    categories: Collection[str] | None = None,
    coverage: CountTable | None = None,
) -> CountTable:
    """Counts at ``level`` (keyed ``"<LA>/<sub-area>"`` below authority level).

    With ``coverage`` (the authority-level table), which feeds sent data in which quarter is
    taken from it, so "no data" means the same at every level even when only some quarters,
    categories or one authority are counted here.
    """
    if level is Level.LA:
        return count_table(user)
    table = breakdown_table(
        level, placed_counts(user, la_code, quarters=quarters, categories=categories)
    )
    if coverage is not None:
        table.covered = set(coverage.covered)
    return table


def lsoa_counts(user: Any, la_code: str, quarter: Quarter, category: str) -> dict[str, int]:
    """Counts of ``category`` per LSOA of one authority in one quarter."""
    start, end = quarter_bounds(quarter)
    grouped = (
        visible_events(user)
        .filter(area_code=la_code, occurred_at__gte=start, occurred_at__lt=end)
        .exclude(kind__in=NOT_TRENDS)
        .exclude(lsoa_code="")
        .values("lsoa_code", "kind", "category", "drug_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[str, int] = {}
    for row in grouped:
        if category in categories_of(row["kind"], row["category"], row["drug_type"]):
            counts[row["lsoa_code"]] = counts.get(row["lsoa_code"], 0) + row["n"]
    return counts


def event_points(
    user: Any, la_code: str, quarter: Quarter, limit: int = 5000
) -> list[dict[str, Any]]:
    """The visible events of one authority and quarter that have a point, for the map."""
    start, end = quarter_bounds(quarter)
    rows = (
        visible_events(user)
        .filter(area_code=la_code, occurred_at__gte=start, occurred_at__lt=end)
        .exclude(kind__in=NOT_TRENDS)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values(
            "id", "kind", "category", "drug_type", "latitude", "longitude", "easting", "northing"
        )
        .order_by("id")[:limit]
    )
    return [dict(row) for row in rows]


def active_lines(user: Any) -> QuerySet[CountyLine]:
    lines = CountyLine.objects.filter(status__in=("active", "re_emerged"))
    return lines if user is None else filter_visible(user, lines)


def visible_lines(user: Any) -> QuerySet[CountyLine]:
    lines = CountyLine.objects.all()
    return lines if user is None else filter_visible(user, lines)


def interventions_in(user: Any, quarter: Quarter) -> QuerySet[Intervention]:
    found = Intervention.objects.filter(started_on__gte=quarter.start, started_on__lt=quarter.end)
    return found if user is None else filter_visible(user, found)


def line_changes_in(user: Any, quarter: Quarter) -> QuerySet[LineStatusChange]:
    start, end = quarter_bounds(quarter)
    return LineStatusChange.objects.filter(
        changed_at__gte=start, changed_at__lt=end, line__in=visible_lines(user)
    )
