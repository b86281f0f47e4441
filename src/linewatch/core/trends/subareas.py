"""Trends of the sub-areas (NPAs, wards, LSOAs) of one local authority, and the ones that
changed by more than noise, for the trends page and the quarterly report."""

from __future__ import annotations

from dataclasses import dataclass

from linewatch.core.trends.categories import HEADLINE_CATEGORIES
from linewatch.core.trends.counts import CountTable
from linewatch.core.trends.levels import Level, area_name, key, sub_areas_of
from linewatch.core.trends.quarters import Quarter
from linewatch.core.trends.series import CategoryTrend, Comparison, category_trend


@dataclass(frozen=True)
class SubAreaTrend:
    code: str  # "" for the records not placed at this level
    name: str
    trend: CategoryTrend


@dataclass(frozen=True)
class AreaChange:
    """A sub-area whose count changed by more than noise against one baseline."""

    code: str
    name: str
    trend: CategoryTrend
    against: str  # "the previous quarter" or "the same quarter last year"
    comparison: Comparison

    @property
    def p_value(self) -> float:
        return self.comparison.change.p_value if self.comparison.change else 1.0


def sub_area_trends(
    table: CountTable,
    level: Level,
    la_code: str,
    quarter: Quarter,
    category: str,
    *,
    threshold: int,
    suppress: bool,
    history_quarters: int = 1,
) -> list[SubAreaTrend]:
    """One category's trend in each sub-area of ``la_code`` that has any count in ``table``."""
    return [
        SubAreaTrend(
            code,
            area_name(level, code),
            category_trend(
                table,
                key(la_code, code),
                quarter,
                category,
                threshold=threshold,
                suppress=suppress,
                history_quarters=history_quarters,
            ),
        )
        for code in sub_areas_of(table, la_code)
    ]


def changed_most(
    table: CountTable,
    level: Level,
    la_code: str,
    quarter: Quarter,
    *,
    threshold: int,
    suppress: bool,
    categories: tuple[str, ...] = HEADLINE_CATEGORIES,
    limit: int = 10,
) -> list[AreaChange]:
    """The sub-areas whose change is more than noise, most significant first.

    Only placed sub-areas count (not the "not placed" remainder); a change with a suppressed
    or missing side is never shown (see :func:`linewatch.core.trends.series.category_trend`).
    """
    found: list[AreaChange] = []
    for category in categories:
        for sub in sub_area_trends(
            table, level, la_code, quarter, category, threshold=threshold, suppress=suppress
        ):
            if not sub.code:
                continue
            for against, comparison in (
                ("the previous quarter", sub.trend.vs_previous),
                ("the same quarter last year", sub.trend.vs_last_year),
            ):
                if comparison.change is not None and comparison.change.significant:
                    found.append(AreaChange(sub.code, sub.name, sub.trend, against, comparison))
    found.sort(
        key=lambda c: (
            c.p_value,
            -abs(c.comparison.change.difference if c.comparison.change else 0),
            c.code,
            c.trend.category,
        )
    )
    return found[:limit]
