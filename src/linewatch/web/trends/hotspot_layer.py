"""Hotspot cells for the map and the reports, from :mod:`linewatch.core.hotspots`.

Events of one authority are counted on a 250 m British National Grid over the authority;
Getis-Ord Gi* (queen contiguity, Benjamini-Hochberg FDR 5 %) marks the significant hot
cells; each is labelled emerging or persistent against the previous quarter (fading cells
were hot then and are not now); the Prediction Accuracy Index says how well last quarter's
hot cells caught this quarter's events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from linewatch.core.geography import authority_boundaries, bng_to_wgs84_arrays
from linewatch.core.trends import Quarter, categories_of, is_suppressed, suppresses
from linewatch.core.trends.svg_map import to_bng
from linewatch.web.trends import queries
from linewatch.web.trends.configuration import suppression_threshold

if TYPE_CHECKING:
    from linewatch.core.hotspots import Grid

CELL_M = 250


@dataclass(frozen=True)
class Cell:
    easting: float  # south-west corner
    northing: float
    count: int
    z_score: float | None = None
    hot: bool = False
    trend: str = ""  # emerging, persistent, fading or ""

    def corners_wgs84(self, cell_m: float) -> list[list[float]]:
        xs = np.array([0, cell_m, cell_m, 0, 0], dtype=np.float64) + self.easting
        ys = np.array([0, 0, cell_m, cell_m, 0], dtype=np.float64) + self.northing
        lons, lats = bng_to_wgs84_arrays(xs, ys, check=False)
        return [[round(float(x), 6), round(float(y), 6)] for x, y in zip(lons, lats, strict=True)]


@dataclass(frozen=True)
class HotspotSummary:
    cell_m: int
    category: str
    method: str
    cells: tuple[Cell, ...]  # hot cells first, then busiest first
    events: int
    hot: int
    pai: float | None  # last quarter's hot cells on this quarter's events; None: not measurable

    def top(self, n: int = 5) -> tuple[Cell, ...]:
        return self.cells[:n]

    @property
    def pai_text(self) -> str:
        if self.pai is None:
            return "cannot be measured (no hot cells last quarter, or no events this quarter)"
        return f"{self.pai:.1f}"


@lru_cache(maxsize=16)
def _area_grid(la_code: str, cell_m: int) -> tuple[Grid, np.ndarray]:
    from linewatch.core.hotspots import grid_over

    layer = authority_boundaries()
    outline = to_bng(layer.geometries[layer.codes.index(la_code)])
    grid = grid_over(tuple(shapely.bounds(outline)), cell_m)
    tree = shapely.STRtree(grid.boxes().ravel())
    mask = np.zeros(grid.nx * grid.ny, dtype=np.bool_)
    mask[tree.query(outline, predicate="intersects")] = True
    return grid, mask.reshape(grid.shape)


def _points(
    user: Any, la_code: str, quarter: Quarter, category: str
) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for p in queries.event_points(user, la_code, quarter, limit=500_000):
        if p["easting"] is None or p["northing"] is None:
            continue
        if category and category not in categories_of(p["kind"], p["category"], p["drug_type"]):
            continue
        xs.append(float(p["easting"]))
        ys.append(float(p["northing"]))
    return xs, ys


def hotspot_summary(
    user: Any, la_code: str, quarter: Quarter, *, audience: str, category: str = ""
) -> HotspotSummary:
    """Hot cells of ``category`` (every trend category when empty) for one area."""
    # Imported here: scipy.stats behind it takes seconds to import, and most pages never
    # draw a hotspot.
    from linewatch.core.hotspots import (
        classify_persistence,
        getis_ord_gi_star,
        grid_counts,
        hot_cells,
        prediction_accuracy_index,
    )

    grid, area = _area_grid(la_code, CELL_M)
    xs, ys = _points(user, la_code, quarter, category)
    before_x, before_y = _points(user, la_code, quarter.previous(), category)
    counts = grid_counts(xs, ys, grid)
    before = grid_counts(before_x, before_y, grid)
    gi = getis_ord_gi_star(counts, study_area=area)
    hot_now = hot_cells(gi) if counts[area].sum() > 0 else np.zeros(grid.shape, dtype=bool)
    gi_before = getis_ord_gi_star(before, study_area=area)
    hot_before = (
        hot_cells(gi_before) if before[area].sum() > 0 else np.zeros(grid.shape, dtype=bool)
    )
    labels = classify_persistence(hot_before, hot_now)
    pai = prediction_accuracy_index(hot_before, counts, study_area=area)
    threshold = None
    if suppresses(audience):
        threshold = suppression_threshold()
    cells = []
    for iy, ix in zip(*np.nonzero((counts > 0) | hot_before), strict=True):
        count = int(counts[iy, ix])
        if threshold is not None and is_suppressed(count, threshold):
            continue
        z = float(gi.z[iy, ix])
        cells.append(
            Cell(
                grid.x0 + ix * grid.cell_m,
                grid.y0 + iy * grid.cell_m,
                count,
                None if math.isnan(z) else round(z, 3),
                bool(hot_now[iy, ix]),
                str(labels[iy, ix]),
            )
        )
    cells.sort(key=lambda c: (not c.hot, -c.count, c.easting, c.northing))
    return HotspotSummary(
        cell_m=CELL_M,
        category=category,
        method=f"Getis-Ord Gi* on {CELL_M} m British National Grid squares "
        "(queen contiguity, false discovery rate 5%)",
        cells=tuple(cells),
        events=len(xs),
        hot=int(hot_now.sum()),
        pai=None if math.isnan(pai) else float(pai),
    )


def as_geojson(summary: HotspotSummary, limit: int = 600) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "properties": {
            "cell_m": summary.cell_m,
            "method": summary.method,
            "hot": summary.hot,
            "pai": summary.pai,
        },
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "count": cell.count,
                    "z_score": cell.z_score,
                    "hot": cell.hot,
                    "trend": cell.trend,
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [cell.corners_wgs84(summary.cell_m)],
                },
            }
            for cell in summary.top(limit)
        ],
    }
