"""Cells as WGS84 GeoJSON polygons for the Leaflet maps."""

from __future__ import annotations

import json

import numpy as np
import pytest

from linewatch.core.geography import wgs84_to_bng_arrays
from linewatch.core.hotspots import Grid, HotspotInputError, to_geojson

GRID = Grid(x0=458_000, y0=303_000, cell_m=250, nx=3, ny=2)


def test_one_closed_polygon_per_selected_cell_with_its_values() -> None:
    mask = np.array([[True, False, True], [False, True, False]])
    z = np.array([[1.5, 0.0, np.nan], [0.0, -2.0, 0.0]])
    labels = np.array([["emerging", "", ""], ["", "fading", ""]])
    counts = np.array([[3, 0, 1], [0, 2, 0]])
    collection = to_geojson(GRID, {"z": z, "trend": labels, "count": counts}, mask)
    json.dumps(collection, allow_nan=False)  # plain JSON: no NaN, no numpy types
    features = collection["features"]
    assert [(f["properties"]["ix"], f["properties"]["iy"]) for f in features] == [
        (0, 0),
        (2, 0),
        (1, 1),
    ]
    first = features[0]["properties"]
    assert first == {"ix": 0, "iy": 0, "x": 458_000.0, "y": 303_000.0, "z": 1.5,
                     "trend": "emerging", "count": 3}  # fmt: skip
    assert features[1]["properties"]["z"] is None  # an undefined statistic is null, not 0
    ring = features[0]["geometry"]["coordinates"][0]
    assert len(ring) == 5
    assert ring[0] == ring[-1]


def test_corners_convert_back_to_the_cells_bng_corners() -> None:
    feature = to_geojson(GRID, {}, None)["features"][4]  # ix=1, iy=1
    ring = np.array(feature["geometry"]["coordinates"][0][:4])
    e, n = wgs84_to_bng_arrays(ring[:, 0], ring[:, 1])
    np.testing.assert_allclose(e, [458_250, 458_500, 458_500, 458_250], atol=0.5)
    np.testing.assert_allclose(n, [303_250, 303_250, 303_500, 303_500], atol=0.5)


def test_arrays_off_the_grid_are_refused_by_name() -> None:
    with pytest.raises(HotspotInputError, match="density"):
        to_geojson(GRID, {"density": np.zeros((3, 3))})
    with pytest.raises(HotspotInputError, match="mask"):
        to_geojson(GRID, {}, np.ones((1, 1), bool))
