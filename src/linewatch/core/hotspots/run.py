"""One hot spot run for a set of events, with its settings kept for reproduction.

A map shown to a board or a court must be reproducible, so every run carries its
:class:`HotspotSettings` and the library versions (:meth:`HotspotSettings.as_dict`), which the
caller stores next to the input it used.

>>> run = hotspot_map([459_300, 459_310, 459_320], [304_200, 304_190, 304_205])
>>> run.inside, run.outside, int(run.counts.sum())
(3, 0, 3)
>>> run.settings.as_dict()["method"]["gi_star"]
'Getis-Ord Gi* (queen contiguity, focal cell included, binary weights)'
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from linewatch.core.hotspots.accuracy import prediction_accuracy_index, recapture_rate_index
from linewatch.core.hotspots.errors import HotspotInputError
from linewatch.core.hotspots.geojson import to_geojson
from linewatch.core.hotspots.getis_ord import KERNELS, GiStar, getis_ord_gi_star
from linewatch.core.hotspots.grid import DEFAULT_CELL_M, Grid, bin_points, llr_grid
from linewatch.core.hotspots.grid import llr_study_area as default_study_area
from linewatch.core.hotspots.kernel_density import DEFAULT_BANDWIDTH_M, kernel_density
from linewatch.core.hotspots.persistence import classify_persistence
from linewatch.core.hotspots.significance import INFERENCES, hot_cells, inference_used

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - they are dependencies
        return "unknown"


@dataclass(frozen=True)
class HotspotSettings:
    """Everything that decides a hot spot map, besides the events themselves."""

    cell_m: float = DEFAULT_CELL_M
    contiguity: str = "queen"
    bandwidth_m: float = DEFAULT_BANDWIDTH_M
    alpha: float = 0.05
    correction: str = "fdr"
    #: How p-values are found: "auto" = exact randomisation for whole-number counts (see
    #: linewatch.core.hotspots.significance), else permutations if any, else normal.
    inference: str = "auto"
    #: Monte Carlo permutations for esda-style pseudo p-values (0: none). The smallest pseudo
    #: p is 1/(P+1): with the false discovery rate over thousands of cells, 999 are too few.
    permutations: int = 0
    seed: int = 0

    def __post_init__(self) -> None:
        problems = []
        if not (math.isfinite(self.cell_m) and self.cell_m > 0):
            problems.append(f"cell_m={self.cell_m!r}: expected a positive number of metres")
        if self.contiguity not in KERNELS:
            problems.append(f"contiguity={self.contiguity!r}: expected queen or rook")
        if not (math.isfinite(self.bandwidth_m) and self.bandwidth_m > 0):
            problems.append(f"bandwidth_m={self.bandwidth_m!r}: expected a positive number")
        if not 0 < self.alpha < 1:
            problems.append(f"alpha={self.alpha!r}: expected a probability between 0 and 1")
        if self.correction not in ("fdr", "none"):
            problems.append(f"correction={self.correction!r}: expected fdr or none")
        if self.inference not in INFERENCES:
            problems.append(f"inference={self.inference!r}: expected one of {INFERENCES}")
        if self.permutations < 0:
            problems.append(f"permutations={self.permutations}: expected 0 or more")
        if problems:
            raise HotspotInputError("; ".join(problems), problems)

    def as_dict(self, gi: GiStar | None = None) -> dict[str, Any]:
        """The settings, the methods in words and the library versions, as plain JSON.

        With the run's ``gi``, the significance text names the inference actually used.
        """
        used = self.inference if gi is None else inference_used(gi, self.inference)
        inference_text = {
            "auto": "exact conditional randomisation for whole counts",
            "randomisation": "exact conditional randomisation",
            "permutation": f"{self.permutations} conditional permutations, seed {self.seed}",
            "normal": "normal approximation",
        }[used]
        return {
            "settings": asdict(self),
            "method": {
                "grid": f"British National Grid (EPSG:27700), {self.cell_m:g} m square cells",
                "gi_star": f"Getis-Ord Gi* ({self.contiguity} contiguity, focal cell "
                "included, binary weights)",
                "significance": (
                    f"two-sided, alpha {self.alpha:g}, "
                    + ("Benjamini-Hochberg FDR" if self.correction == "fdr" else "per cell")
                    + f", {inference_text}"
                ),
                "kernel_density": f"Gaussian kernel, bandwidth {self.bandwidth_m:g} m "
                "(standard deviation), events per km2",
            },
            "versions": {name: _package_version(name) for name in ("numpy", "scipy")},
        }


@dataclass(frozen=True, eq=False)
class HotspotMap:
    """Counts, Gi*, hot cells and density of one set of events on one grid."""

    grid: Grid
    settings: HotspotSettings
    study_area: BoolArray
    counts: FloatArray
    inside: int
    outside: int
    not_located: int
    gi: GiStar
    hot: BoolArray
    density: FloatArray = field(repr=False)

    @property
    def events_in_study_area(self) -> int:
        """Events counted in study-area cells (the ``N`` of Gi* and of the PAI)."""
        return int(self.counts[self.study_area].sum())

    def geojson(
        self, extra: dict[str, ArrayLike] | None = None, *, only_with_events: bool = True
    ) -> dict[str, Any]:
        """Cells as GeoJSON with ``count``, ``z``, ``hot`` and ``density`` (+ ``extra``).

        By default only cells with an event or a hot flag are included, which keeps a
        county-wide layer small; ``only_with_events=False`` gives every study-area cell.
        """
        mask = self.study_area
        if only_with_events:
            mask = mask & ((self.counts > 0) | self.hot)
        values: dict[str, ArrayLike] = {
            "count": self.counts.astype(np.int64),
            "z": self.gi.z,
            "hot": self.hot,
            "density": self.density,
        }
        values.update(extra or {})
        collection = to_geojson(self.grid, values, mask)
        collection["properties"].update(self.settings.as_dict(self.gi))
        return collection


def hotspot_map(
    eastings: ArrayLike,
    northings: ArrayLike,
    settings: HotspotSettings | None = None,
    *,
    grid: Grid | None = None,
    study_area: ArrayLike | None = None,
) -> HotspotMap:
    """Count, Gi*, hot cells and kernel density for one category and period.

    The grid defaults to :func:`llr_grid` at the settings' cell size and the study area to
    :func:`llr_study_area` of that grid (or every cell of a grid passed in).
    """
    settings = settings or HotspotSettings()
    if grid is None:
        grid = llr_grid(settings.cell_m)
        area = default_study_area(grid) if study_area is None else np.asarray(study_area, bool)
    else:
        area = np.ones(grid.shape, bool) if study_area is None else np.asarray(study_area, bool)
    if area.shape != grid.shape:
        raise HotspotInputError(f"study_area has shape {area.shape}; expected {grid.shape}")
    binned = bin_points(eastings, northings, grid)
    gi = getis_ord_gi_star(
        binned.counts,
        contiguity=settings.contiguity,
        permutations=settings.permutations,
        seed=settings.seed,
        study_area=area,
    )
    hot = hot_cells(
        gi, alpha=settings.alpha, correction=settings.correction, inference=settings.inference
    )
    density = kernel_density(eastings, northings, grid, bandwidth_m=settings.bandwidth_m)
    return HotspotMap(
        grid=grid,
        settings=settings,
        study_area=area,
        counts=binned.counts,
        inside=binned.inside,
        outside=binned.outside,
        not_located=binned.not_located,
        gi=gi,
        hot=hot,
        density=density,
    )


@dataclass(frozen=True, eq=False)
class PeriodComparison:
    """Last period's hot spots against this period's: persistence labels, PAI and RRI."""

    labels: NDArray[np.str_]
    pai: float
    rri: float
    hot_cells_before: int
    hot_cells_now: int

    def counts_by_label(self) -> dict[str, int]:
        """How many cells carry each persistence label (empty label left out)."""
        names, counts = np.unique(self.labels[self.labels != ""], return_counts=True)
        return {str(n): int(c) for n, c in zip(names, counts, strict=True)}


def compare_periods(previous: HotspotMap, current: HotspotMap) -> PeriodComparison:
    """Persistence of ``previous``'s hot cells into ``current``, and their PAI on its events.

    Both maps must be on the same grid and study area (same settings for a fair comparison).
    """
    if previous.grid != current.grid or not np.array_equal(previous.study_area, current.study_area):
        raise HotspotInputError(
            "the two periods are on different grids or study areas: expected the same grid "
            f"({previous.grid} and {current.grid})"
        )
    return PeriodComparison(
        labels=classify_persistence(previous.hot, current.hot),
        pai=prediction_accuracy_index(previous.hot, current.counts, study_area=current.study_area),
        rri=recapture_rate_index(previous.hot, previous.counts, current.counts),
        hot_cells_before=int(previous.hot.sum()),
        hot_cells_now=int(current.hot.sum()),
    )
