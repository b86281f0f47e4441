"""Trends per area and quarter: counts by category, changes tested against noise (an exact
conditional Poisson test), small-number suppression, and SVG charts and maps for reports.

Pure Python (no Django). The web layer aggregates events in the database and hands
:class:`SourceCount` rows to :meth:`CountTable.tally`. See docs/trends.md.
"""

from linewatch.core.trends.categories import (
    DRUG_TYPES,
    HEADLINE_CATEGORIES,
    POLICE_UK_CATEGORIES,
    POLICE_UK_CRIME_TYPES,
    SEIZURE_PREFIX,
    Category,
    categories_of,
    describe,
    slug,
)
from linewatch.core.trends.change import (
    DEFAULT_ALPHA,
    MORE_THAN_NOISE,
    WITHIN_NORMAL_VARIATION,
    Change,
    compare_counts,
)
from linewatch.core.trends.counts import CSV_COLUMNS, CountTable, SourceCount
from linewatch.core.trends.quarters import Quarter, QuarterError
from linewatch.core.trends.series import (
    AreaTrends,
    CategoryTrend,
    Comparison,
    area_trends,
    category_trend,
)
from linewatch.core.trends.suppression import (
    AUDIENCES,
    DEFAULT_THRESHOLD,
    Shown,
    is_suppressed,
    shown,
    suppresses,
)
from linewatch.core.trends.svg_charts import bar_chart
from linewatch.core.trends.svg_map import area_map

#: Population denominators are not packaged (no ONS mid-year estimates in
#: linewatch/data/geography), so trends give counts, not rates per 1,000 residents.
RATES_AVAILABLE = False
RATES_NOTE = (
    "Rates per 1,000 residents are not given: Linewatch does not yet ship population "
    "estimates for its areas, so figures are counts."
)

__all__ = [
    "AUDIENCES",
    "CSV_COLUMNS",
    "DEFAULT_ALPHA",
    "DEFAULT_THRESHOLD",
    "DRUG_TYPES",
    "HEADLINE_CATEGORIES",
    "MORE_THAN_NOISE",
    "POLICE_UK_CATEGORIES",
    "POLICE_UK_CRIME_TYPES",
    "RATES_AVAILABLE",
    "RATES_NOTE",
    "SEIZURE_PREFIX",
    "WITHIN_NORMAL_VARIATION",
    "AreaTrends",
    "Category",
    "CategoryTrend",
    "Change",
    "Comparison",
    "CountTable",
    "Quarter",
    "QuarterError",
    "Shown",
    "SourceCount",
    "area_map",
    "area_trends",
    "bar_chart",
    "categories_of",
    "category_trend",
    "compare_counts",
    "describe",
    "is_suppressed",
    "shown",
    "slug",
    "suppresses",
]
