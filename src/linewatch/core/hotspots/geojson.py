"""Grid cells as a GeoJSON FeatureCollection of WGS84 polygons, for Leaflet.

Each cell's four BNG corners are converted with :mod:`linewatch.core.geography`'s pinned
BNG → WGS84 transformation, so a cell is drawn as the slightly skewed quadrilateral it really
is on the map. Coordinates are rounded to 6 decimal places (about 0.1 m).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from linewatch.core.geography import bng_to_wgs84_arrays
from linewatch.core.hotspots.errors import HotspotInputError
from linewatch.core.hotspots.grid import Grid

DECIMALS = 6


def _json_value(value: Any) -> Any:
    """A plain JSON value; NaN and infinities (undefined statistics) become null."""
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    return str(value)


def to_geojson(
    grid: Grid, values: Mapping[str, ArrayLike], mask: ArrayLike | None = None
) -> dict[str, Any]:
    """A FeatureCollection with one Polygon per cell where ``mask`` is true (default: all).

    ``values`` maps property names to ``(ny, nx)`` arrays (counts, z-scores, labels...);
    each feature carries them for its cell, plus ``ix``, ``iy`` and the cell's BNG
    lower-left corner ``x``, ``y``. NaN becomes ``null``.
    """
    selected = np.ones(grid.shape, dtype=np.bool_) if mask is None else np.asarray(mask, bool)
    if selected.shape != grid.shape:
        raise HotspotInputError(f"mask has shape {selected.shape}; expected {grid.shape}")
    arrays = {name: np.asarray(array) for name, array in values.items()}
    wrong = [f"{name} {a.shape}" for name, a in arrays.items() if a.shape != grid.shape]
    if wrong:
        raise HotspotInputError(
            f"value arrays not on the grid ({grid.shape}): {', '.join(wrong)}", wrong
        )
    corner_x = grid.x0 + np.arange(grid.nx + 1) * grid.cell_m
    corner_y = grid.y0 + np.arange(grid.ny + 1) * grid.cell_m
    cx, cy = np.meshgrid(corner_x, corner_y)
    lon, lat = bng_to_wgs84_arrays(cx, cy)
    lon, lat = np.round(lon, DECIMALS), np.round(lat, DECIMALS)
    features: list[dict[str, Any]] = []
    for iy, ix in zip(*np.nonzero(selected), strict=True):
        ring = [
            [float(lon[iy, ix]), float(lat[iy, ix])],
            [float(lon[iy, ix + 1]), float(lat[iy, ix + 1])],
            [float(lon[iy + 1, ix + 1]), float(lat[iy + 1, ix + 1])],
            [float(lon[iy + 1, ix]), float(lat[iy + 1, ix])],
            [float(lon[iy, ix]), float(lat[iy, ix])],
        ]
        properties: dict[str, Any] = {
            "ix": int(ix),
            "iy": int(iy),
            "x": float(corner_x[ix]),
            "y": float(corner_y[iy]),
        }
        for name, array in arrays.items():
            properties[name] = _json_value(array[iy, ix])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": properties,
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {"crs_source": "EPSG:27700", "cell_m": grid.cell_m},
    }
