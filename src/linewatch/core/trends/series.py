"""One area's trends for a quarter: each category's count, its history, and its changes
against the previous quarter and the same quarter last year, as a report shows them."""

from __future__ import annotations

from dataclasses import dataclass

from linewatch.core.trends.categories import HEADLINE_CATEGORIES, SEIZURE_PREFIX, describe
from linewatch.core.trends.change import Change, compare_counts
from linewatch.core.trends.counts import CountTable
from linewatch.core.trends.quarters import Quarter
from linewatch.core.trends.suppression import Shown, is_suppressed, shown

HISTORY_QUARTERS = 8


@dataclass(frozen=True)
class Comparison:
    """This quarter against a baseline quarter, as it may be shown."""

    baseline_quarter: Quarter
    baseline: Shown
    change: Change | None  # None when either side has no data or is suppressed
    reason: str = ""  # why there is no change to show

    @property
    def text(self) -> str:
        if self.change is None:
            return self.reason
        return f"{self.change.words}: {self.change.verdict}"


@dataclass(frozen=True)
class CategoryTrend:
    category: str
    label: str
    count: Shown
    raw: int | None
    vs_previous: Comparison
    vs_last_year: Comparison
    history: tuple[tuple[Quarter, Shown], ...]


@dataclass(frozen=True)
class AreaTrends:
    area_code: str
    area_name: str
    quarter: Quarter
    has_data: bool
    headline: tuple[CategoryTrend, ...]
    seizures_by_drug: tuple[CategoryTrend, ...]
    others: tuple[CategoryTrend, ...]
    suppressed_below: int | None  # the threshold when suppression applied

    @property
    def all(self) -> tuple[CategoryTrend, ...]:
        return self.headline + self.seizures_by_drug + self.others

    @property
    def notable(self) -> tuple[CategoryTrend, ...]:
        """Changes that are more than noise, against either baseline."""
        return tuple(
            t
            for t in self.all
            if any(c.change and c.change.significant for c in (t.vs_previous, t.vs_last_year))
        )


def _compare(
    table: CountTable,
    area: str,
    quarter: Quarter,
    baseline_quarter: Quarter,
    category: str,
    threshold: int,
    suppress: bool,
) -> Comparison:
    current, baseline = (
        table.get(area, quarter, category),
        table.get(area, baseline_quarter, category),
    )
    base_shown = shown(baseline, threshold=threshold, suppress=suppress)
    if current is None or baseline is None:
        missing = quarter if current is None else baseline_quarter
        return Comparison(
            baseline_quarter, base_shown, None, f"no comparison: no data for {missing}"
        )
    if suppress and (is_suppressed(current, threshold) or is_suppressed(baseline, threshold)):
        return Comparison(baseline_quarter, base_shown, None, "not shown: small numbers")
    change = compare_counts(
        current, baseline, current_days=quarter.days, baseline_days=baseline_quarter.days
    )
    return Comparison(baseline_quarter, base_shown, change)


def category_trend(
    table: CountTable,
    area: str,
    quarter: Quarter,
    category: str,
    *,
    threshold: int,
    suppress: bool,
    history_quarters: int = HISTORY_QUARTERS,
) -> CategoryTrend:
    raw = table.get(area, quarter, category)
    history = tuple(
        (q, shown(table.get(area, q, category), threshold=threshold, suppress=suppress))
        for q in quarter.back(history_quarters)
    )
    return CategoryTrend(
        category=category,
        label=describe(category).label,
        count=shown(raw, threshold=threshold, suppress=suppress),
        raw=raw,
        vs_previous=_compare(
            table, area, quarter, quarter.previous(), category, threshold, suppress
        ),
        vs_last_year=_compare(
            table, area, quarter, quarter.same_quarter_last_year(), category, threshold, suppress
        ),
        history=history,
    )


def area_trends(
    table: CountTable,
    area_code: str,
    area_name: str,
    quarter: Quarter,
    *,
    threshold: int,
    suppress: bool,
    history_quarters: int = HISTORY_QUARTERS,
) -> AreaTrends:
    """Every category's trend in one area for one quarter."""

    def trend(category: str) -> CategoryTrend:
        return category_trend(
            table,
            area_code,
            quarter,
            category,
            threshold=threshold,
            suppress=suppress,
            history_quarters=history_quarters,
        )

    window = set(quarter.back(history_quarters)) | {quarter.same_quarter_last_year()}
    seen = {c for (a, q, c) in table.counts if a == area_code and q in window}
    drugs = sorted(c for c in seen if c.startswith(SEIZURE_PREFIX))
    others = sorted(seen - set(HEADLINE_CATEGORIES) - set(drugs))
    return AreaTrends(
        area_code=area_code,
        area_name=area_name,
        quarter=quarter,
        has_data=table.has_data(area_code, quarter),
        headline=tuple(trend(c) for c in HEADLINE_CATEGORIES),
        seizures_by_drug=tuple(trend(c) for c in drugs),
        others=tuple(trend(c) for c in others),
        suppressed_below=threshold if suppress else None,
    )
