"""The BNG grid: which cell a point falls in, counts, the LLR extent and study area."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from linewatch.core.geography import LLR_AUTHORITY_CODES, BngPoint, authority_at
from linewatch.core.hotspots import (
    Grid,
    HotspotInputError,
    bin_points,
    grid_counts,
    grid_over,
    llr_grid,
    llr_outline_bng,
    llr_study_area,
)

GRID = Grid(x0=450_000, y0=300_000, cell_m=250, nx=4, ny=3)


def test_a_point_on_a_western_or_southern_edge_belongs_to_that_cell() -> None:
    ix, iy, inside = GRID.cell_of([450_250, 450_000], [300_500, 300_000])
    assert ix.tolist() == [1, 0]
    assert iy.tolist() == [2, 0]
    assert inside.all()


def test_points_off_the_grid_or_unlocated_are_not_inside() -> None:
    ix, iy, inside = GRID.cell_of(
        [451_000, 449_999, np.nan, 450_100], [300_100, 300_100, 1, 300_750]
    )
    assert not inside.any()
    assert (ix == -1).all()
    assert (iy == -1).all()


def test_counts_are_per_row_then_column_and_the_missed_points_are_reported() -> None:
    binned = bin_points(
        [450_010, 450_020, 450_990, 460_000, np.nan], [300_010, 300_020, 300_740, 300_000, 1], GRID
    )
    assert binned.counts.shape == (3, 4)
    assert binned.counts[0, 0] == 2
    assert binned.counts[2, 3] == 1
    assert (binned.inside, binned.outside, binned.not_located) == (3, 1, 1)
    assert grid_counts([450_010], [300_010], GRID).sum() == 1


def test_centres_are_half_a_cell_in() -> None:
    x, y = GRID.centres()
    assert x.shape == y.shape == (3, 4)
    assert (x[0, 0], y[0, 0], x[2, 3], y[2, 3]) == (450_125, 300_125, 450_875, 300_625)


def test_a_grid_needs_positive_cells() -> None:
    with pytest.raises(HotspotInputError, match="cell_m"):
        Grid(x0=0, y0=0, cell_m=0, nx=1, ny=1)
    with pytest.raises(HotspotInputError, match="nx=0"):
        Grid(x0=0, y0=0, cell_m=10, nx=0, ny=1)


def test_grid_over_covers_bounds_that_end_on_a_cell_edge() -> None:
    grid = grid_over((100.0, 100.0, 1000.0, 1000.0), 250)
    assert (grid.x0, grid.y0) == (0.0, 0.0)
    _, _, inside = grid.cell_of([100, 1000], [100, 1000])
    assert inside.all()


@pytest.mark.parametrize("cell_m", [250.0, 500.0, 1000.0])
def test_the_llr_grid_covers_every_authority_and_is_aligned(cell_m: float) -> None:
    grid = llr_grid(cell_m)
    minx, miny, maxx, maxy = shapely.bounds(llr_outline_bng())
    assert grid.x0 <= minx
    assert grid.y0 <= miny
    assert grid.x1 > maxx
    assert grid.y1 > maxy
    assert grid.x0 % cell_m == 0
    assert grid.y0 % cell_m == 0
    assert grid.x1 - maxx < cell_m + 1e-6
    assert grid.y1 - maxy < cell_m + 1e-6


def test_the_study_area_holds_the_cells_of_llr_and_not_the_corners_of_the_box() -> None:
    grid = llr_grid(1000)
    area = llr_study_area(grid)
    ix, iy, inside = grid.cell_of([459_327], [304_196])  # Leicester clock tower
    assert inside[0]
    assert area[iy[0], ix[0]]
    assert not area[0, 0]
    assert not area[-1, -1]
    # Each cell whose centre is in an LLR authority is in the study area.
    x, y = grid.centres()
    rng = np.random.default_rng(5)
    for k in rng.choice(grid.nx * grid.ny, 60, replace=False):
        code = authority_at(BngPoint(float(x.flat[k]), float(y.flat[k])))
        if code in LLR_AUTHORITY_CODES:
            assert area.flat[k]
