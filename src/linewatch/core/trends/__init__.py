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
from linewatch.core.trends.levels import (
    LEVEL_LABELS,
    SUB_LEVELS,
    Level,
    PlacedCount,
    area_name,
    breakdown_table,
    parse_level,
    sub_area_codes,
)
from linewatch.core.trends.population import (
    NO_POPULATION,
    POPULATION_COLUMNS,
    PopulationFileError,
    PopulationTable,
    load_population,
    parse_population_csv,
)
from linewatch.core.trends.quarters import Quarter, QuarterError
from linewatch.core.trends.series import (
    AreaTrends,
    CategoryTrend,
    Comparison,
    area_trends,
    category_trend,
)
from linewatch.core.trends.subareas import (
    AreaChange,
    SubAreaTrend,
    changed_most,
    sub_area_trends,
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
#: linewatch/data/geography): rates are shown only from an operator's population file.
RATES_AVAILABLE = False
RATES_NOTE = (
    "Rates per 1,000 residents are shown only where a population figure is configured "
    "(LINEWATCH_POPULATION_FILE); Linewatch ships no population estimates, so otherwise "
    "figures are counts."
)

__all__ = [
    "AUDIENCES",
    "CSV_COLUMNS",
    "DEFAULT_ALPHA",
    "DEFAULT_THRESHOLD",
    "DRUG_TYPES",
    "HEADLINE_CATEGORIES",
    "LEVEL_LABELS",
    "MORE_THAN_NOISE",
    "NO_POPULATION",
    "POLICE_UK_CATEGORIES",
    "POLICE_UK_CRIME_TYPES",
    "POPULATION_COLUMNS",
    "RATES_AVAILABLE",
    "RATES_NOTE",
    "SEIZURE_PREFIX",
    "SUB_LEVELS",
    "WITHIN_NORMAL_VARIATION",
    "AreaChange",
    "AreaTrends",
    "Category",
    "CategoryTrend",
    "Change",
    "Comparison",
    "CountTable",
    "Level",
    "PlacedCount",
    "PopulationFileError",
    "PopulationTable",
    "Quarter",
    "QuarterError",
    "Shown",
    "SourceCount",
    "SubAreaTrend",
    "area_map",
    "area_name",
    "area_trends",
    "bar_chart",
    "breakdown_table",
    "categories_of",
    "category_trend",
    "changed_most",
    "compare_counts",
    "describe",
    "is_suppressed",
    "load_population",
    "parse_level",
    "parse_population_csv",
    "shown",
    "slug",
    "sub_area_codes",
    "sub_area_trends",
    "suppresses",
]
