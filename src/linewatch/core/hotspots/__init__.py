"""Hot spots on a British National Grid grid: Getis-Ord Gi*, kernel density, persistence, PAI.

Pure numpy/scipy, no Django. A typical run for one category and period::

    grid = llr_grid(250)
    area = llr_study_area(grid)
    counts = grid_counts(eastings, northings, grid)
    gi = getis_ord_gi_star(counts, study_area=area)
    hot = hot_cells(gi)                                   # significant hot cells (FDR 5%)
    density = kernel_density(eastings, northings, grid, bandwidth_m=500)
    labels = classify_persistence(last_quarter_hot, hot)  # emerging / persistent / fading
    pai = prediction_accuracy_index(last_quarter_hot, counts, study_area=area)
    layer = to_geojson(grid, {"z": gi.z, "density": density, "trend": labels}, area)

or, in one go with the settings kept for reproduction::

    now = hotspot_map(eastings, northings, HotspotSettings(cell_m=250, bandwidth_m=500))
    change = compare_periods(last_quarter, now)           # labels, PAI, RRI

See docs/hotspots.md for the methods and how to read them.
"""

from linewatch.core.hotspots.accuracy import prediction_accuracy_index, recapture_rate_index
from linewatch.core.hotspots.errors import HotspotInputError
from linewatch.core.hotspots.geojson import to_geojson
from linewatch.core.hotspots.getis_ord import GiStar, getis_ord_gi_star
from linewatch.core.hotspots.grid import (
    DEFAULT_CELL_M,
    BinnedPoints,
    Grid,
    bin_points,
    grid_counts,
    grid_over,
    llr_grid,
    llr_outline_bng,
    llr_study_area,
)
from linewatch.core.hotspots.kernel_density import (
    DEFAULT_BANDWIDTH_M,
    exact_kernel_density,
    kernel_density,
    silverman_bandwidth,
)
from linewatch.core.hotspots.persistence import (
    EMERGING,
    FADING,
    LABELS,
    PERSISTENT,
    classify_persistence,
    classify_persistence_series,
    consecutive_hot_periods,
)
from linewatch.core.hotspots.run import (
    HotspotMap,
    HotspotSettings,
    PeriodComparison,
    compare_periods,
    hotspot_map,
)
from linewatch.core.hotspots.significance import (
    benjamini_hochberg,
    confidence_bins,
    hot_cells,
    inference_used,
    two_sided_p,
)

__all__ = [
    "DEFAULT_BANDWIDTH_M",
    "DEFAULT_CELL_M",
    "EMERGING",
    "FADING",
    "LABELS",
    "PERSISTENT",
    "BinnedPoints",
    "GiStar",
    "Grid",
    "HotspotInputError",
    "HotspotMap",
    "HotspotSettings",
    "PeriodComparison",
    "benjamini_hochberg",
    "bin_points",
    "classify_persistence",
    "classify_persistence_series",
    "compare_periods",
    "confidence_bins",
    "consecutive_hot_periods",
    "exact_kernel_density",
    "getis_ord_gi_star",
    "grid_counts",
    "grid_over",
    "hot_cells",
    "hotspot_map",
    "inference_used",
    "kernel_density",
    "llr_grid",
    "llr_outline_bng",
    "llr_study_area",
    "prediction_accuracy_index",
    "recapture_rate_index",
    "silverman_bandwidth",
    "to_geojson",
    "two_sided_p",
]
