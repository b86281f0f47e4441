"""Grid cells as a GeoJSON FeatureCollection of WGS84 polygons, for Leaflet.

Each cell's four BNG corners are converted with :mod:`linewatch.core.geography`'s pinned
BNG → WGS84 transformation, so a cell is drawn as the slightly skewed quadrilateral it really
is on the map. Coordinates are rounded to 6 decimal places (about 0.1 m).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from linewatch.core.geography import bng_to_wgs84_arrays
from linewatch.core.hotspots.errors import HotspotInputError
from linewatch.core.hotspots.grid import Grid

DECIMALS = 6


def _json_column(values: NDArray[Any]) -> list[Any]:
    """Plain JSON values; NaN and infinities (undefined statistics) become null."""
    if values.dtype.kind == "f":
        finite = np.isfinite(values)
        return [v if ok else None for v, ok in zip(values.tolist(), finite.tolist(), strict=True)]
    if values.dtype.kind in "biu":
        return list(values.tolist())
    return [str(v) for v in values.tolist()]


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
    lonlat = np.stack([np.round(lon, DECIMALS), np.round(lat, DECIMALS)], axis=-1)
    iy, ix = np.nonzero(selected)
    # Rings run anticlockwise from the south-west corner and close on it (RFC 7946).
    rings = np.stack(
        [
            lonlat[iy, ix],
            lonlat[iy, ix + 1],
            lonlat[iy + 1, ix + 1],
            lonlat[iy + 1, ix],
            lonlat[iy, ix],
        ],
        axis=1,
    ).tolist()
    columns: dict[str, list[Any]] = {
        "ix": ix.tolist(),
        "iy": iy.tolist(),
        "x": corner_x[ix].tolist(),
        "y": corner_y[iy].tolist(),
    }
    for name, array in arrays.items():
        columns[name] = _json_column(array[iy, ix])
    names = list(columns)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": dict(zip(names, row, strict=True)),
        }
        for ring, row in zip(rings, zip(*columns.values(), strict=True), strict=True)
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {"crs_source": "EPSG:27700", "cell_m": grid.cell_m},
    }
