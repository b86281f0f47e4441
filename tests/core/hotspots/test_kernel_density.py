"""The binned kernel density agrees with the exact Gaussian sum and with scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.neighbors import KernelDensity

from linewatch.core.hotspots import (
    Grid,
    HotspotInputError,
    exact_kernel_density,
    kernel_density,
    silverman_bandwidth,
)
from linewatch.core.hotspots.kernel_density import refinement

GRID = Grid(x0=440_000, y0=290_000, cell_m=250, nx=60, ny=50)


def clustered_points(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.uniform([443_000, 293_000], [452_000, 300_000], (6, 2))
    which = rng.integers(0, 6, n)
    x = centres[which, 0] + rng.normal(0, 600, n)
    y = centres[which, 1] + rng.normal(0, 600, n)
    spread = rng.random(n) < 0.3
    x[spread] = rng.uniform(GRID.x0, GRID.x1, spread.sum())
    y[spread] = rng.uniform(GRID.y0, GRID.y1, spread.sum())
    return x, y


@pytest.mark.parametrize("bandwidth", [150.0, 300.0, 500.0, 1000.0])
def test_within_one_percent_of_the_exact_gaussian_sum_at_every_cell(bandwidth: float) -> None:
    x, y = clustered_points(3000)
    ours = kernel_density(x, y, GRID, bandwidth_m=bandwidth)
    cx, cy = GRID.centres()
    exact = exact_kernel_density(x, y, cx, cy, bandwidth_m=bandwidth).reshape(GRID.shape)
    assert np.abs(ours - exact).max() <= 0.01 * exact.max()
    dense = exact > 0.05 * exact.max()
    assert (np.abs(ours - exact)[dense] <= 0.01 * exact[dense]).all()


def test_exact_reference_is_the_sum_of_gaussian_kernels() -> None:
    # One event at the origin: density at distance d is exp(-d²/2h²) / (2 pi h²) per m².
    at = exact_kernel_density([0.0], [0.0], [0.0, 300.0], [0.0, 400.0], bandwidth_m=500)
    peak = 1e6 / (2 * np.pi * 500**2)
    np.testing.assert_allclose(at, [peak, peak * np.exp(-0.5)])


def test_agrees_with_scikit_learn() -> None:
    x, y = clustered_points(2000, seed=3)
    ours = kernel_density(x, y, GRID, bandwidth_m=400)
    cx, cy = GRID.centres()
    model = KernelDensity(bandwidth=400, kernel="gaussian").fit(np.column_stack([x, y]))
    theirs = np.exp(model.score_samples(np.column_stack([cx.ravel(), cy.ravel()])))
    theirs = theirs.reshape(GRID.shape) * x.size * 1e6
    assert np.abs(ours - theirs).max() <= 0.01 * theirs.max()


@settings(max_examples=20, deadline=None)
@given(
    n=st.integers(1, 300),
    seed=st.integers(0, 10_000),
    bandwidth=st.floats(200, 1500),
)
def test_density_integrates_to_the_number_of_events(n: int, seed: int, bandwidth: float) -> None:
    rng = np.random.default_rng(seed)
    # Keep the events five bandwidths clear of the grid's edges, so no mass leaks out.
    margin = 5 * bandwidth
    grid = Grid(x0=0, y0=0, cell_m=250, nx=int(4 * margin / 250) + 8, ny=int(4 * margin / 250) + 8)
    x = rng.uniform(margin, grid.x1 - margin, n)
    y = rng.uniform(margin, grid.y1 - margin, n)
    density = kernel_density(x, y, grid, bandwidth_m=bandwidth)
    assert density.sum() * grid.cell_area_km2 == pytest.approx(n, rel=1e-3)
    assert (density >= 0).all()


def test_events_just_beyond_the_grid_still_count_at_its_edge() -> None:
    ours = kernel_density([GRID.x0 - 200], [GRID.y0 + 5000], GRID, bandwidth_m=500)
    cx, cy = GRID.centres()
    exact = exact_kernel_density([GRID.x0 - 200], [GRID.y0 + 5000], cx, cy, bandwidth_m=500)
    assert ours[:, 0].max() > 0
    np.testing.assert_allclose(ours.ravel(), exact, atol=0.01 * exact.max())


def test_weights_count_an_event_several_times_and_unlocated_events_are_ignored() -> None:
    one = kernel_density([445_000], [295_000], GRID, bandwidth_m=500)
    thrice = kernel_density(
        [445_000, np.nan], [295_000, 1.0], GRID, weights=[3, 1], bandwidth_m=500
    )
    np.testing.assert_allclose(thrice, 3 * one)


def test_no_events_gives_zero_density_everywhere() -> None:
    assert not kernel_density([], [], GRID, bandwidth_m=500).any()


def test_a_fine_lattice_is_used_for_a_narrow_bandwidth() -> None:
    assert refinement(GRID, 500) == 2
    assert refinement(GRID, 100) == 10
    assert refinement(GRID, 5000) == 1


def test_bad_bandwidth_or_weights_are_named() -> None:
    with pytest.raises(HotspotInputError, match="bandwidth_m=0"):
        kernel_density([1.0], [1.0], GRID, bandwidth_m=0)
    with pytest.raises(HotspotInputError, match="2 weights for 1 events"):
        kernel_density([1.0], [1.0], GRID, bandwidth_m=500, weights=[1, 2])


def test_silverman_bandwidth_shrinks_with_more_events() -> None:
    x, y = clustered_points(10_000)
    assert silverman_bandwidth(x[:100], y[:100]) > silverman_bandwidth(x, y) > 0
    with pytest.raises(HotspotInputError, match="at least 2"):
        silverman_bandwidth([1.0], [2.0])
