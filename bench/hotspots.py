"""Hot spots for many points on a BNG grid: ours against PySAL esda and scikit-learn, in one run.

**The input**: ``points`` BNG points over the Leicester, Leicestershire and Rutland extent
(:func:`linewatch.core.hotspots.llr_grid`), drawn with numpy from ``seed``: 70% in Gaussian
clusters around the LLR main towns and 40 further random centres (standard deviations 200 m
to 1.5 km), 30% uniform over the grid. With ``--police-uk`` the points are instead the
located rows of the police.uk street files in ``/work/shared/data/police-uk-leicestershire-
street/`` (or ``$LINEWATCH_POLICE_UK``), converted to BNG and repeated until there are
``points`` of them (police.uk already snaps each crime to one of a few thousand map points).

**Gi\\***, on the counts of the whole grid (every cell, empty ones included, queen contiguity,
focal cell included):

- ours: :func:`linewatch.core.hotspots.getis_ord_gi_star` (2-D correlation), timed for the
  analytic z alone (``exact_randomisation=False``, what esda's ``G_Local`` computes), with
  999 Monte Carlo permutations, and with its default exact randomisation p-values;
- esda: ``libpysal.weights.lat2W(ny, nx, rook=False)`` (timed: the weights build) then
  ``esda.getisord.G_Local(y, w, transform="B", star=True, permutations=0)``; and once more with
  ``permutations=999`` (``keep_simulations=False``, all cores) after a small warm-up call so
  that numba's compile time is not counted;
- the largest |z difference| over all cells.

**Kernel density** (Gaussian, bandwidth ``bandwidth`` m, at every cell centre):

- ours: :func:`linewatch.core.hotspots.kernel_density` (linear binning + separable convolution);
- scikit-learn: ``KernelDensity(bandwidth=h, rtol=r).fit(points)`` then ``score_samples`` on
  the cell centres (tree-based), once with its default ``rtol=0`` (exact) and once with
  ``rtol=1e-3`` (0.1%, still within our accuracy target, and much faster). When a calibration
  run on :data:`CALIBRATION_CELLS` random cells says all cells would take more than
  :data:`SKLEARN_BUDGET_S`, it scores a random subsample of cells sized to that budget and
  extrapolates the full time linearly from its time per cell (the line says so);
- the exact sum of Gaussians over all points at :data:`EXACT_CELLS` cells (the densest 100 by
  our estimate plus random others): the largest error relative to the peak density, and the
  largest relative error at cells whose exact density is at least 1% of the peak.
"""

from __future__ import annotations

import math
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from linewatch.core.geography import TOWNS, wgs84_to_bng_arrays
from linewatch.core.hotspots import (
    exact_kernel_density,
    getis_ord_gi_star,
    grid_counts,
    kernel_density,
    llr_grid,
)
from linewatch.core.hotspots.grid import Grid

DEFAULT_POINTS = 100_000
DEFAULT_CELL_M = 250.0
DEFAULT_BANDWIDTH_M = 500.0
#: Seconds of ``score_samples`` per scikit-learn configuration before extrapolating.
SKLEARN_BUDGET_S = 30.0
#: scikit-learn's default (exact: rtol=0) and a looser tolerance still within our accuracy.
SKLEARN_RTOLS = (0.0, 1e-3)
CALIBRATION_CELLS = 100
EXACT_CELLS = 250
POLICE_UK = Path(
    os.environ.get("LINEWATCH_POLICE_UK", "/work/shared/data/police-uk-leicestershire-street")
)


def synthetic_points(grid: Grid, points: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    towns = np.array([[t.centre.easting, t.centre.northing] for t in TOWNS])
    extra = rng.uniform([grid.x0, grid.y0], [grid.x1, grid.y1], (40, 2))
    centres = np.vstack([towns, extra])
    spreads = rng.uniform(200, 1500, len(centres))
    clustered = int(points * 0.7)
    which = rng.integers(0, len(centres), clustered)
    x = np.concatenate(
        [
            centres[which, 0] + rng.normal(0, 1, clustered) * spreads[which],
            rng.uniform(grid.x0, grid.x1, points - clustered),
        ]
    )
    y = np.concatenate(
        [
            centres[which, 1] + rng.normal(0, 1, clustered) * spreads[which],
            rng.uniform(grid.y0, grid.y1, points - clustered),
        ]
    )
    return x, y


def police_uk_points(points: int) -> tuple[np.ndarray, np.ndarray]:
    import pandas as pd

    files = sorted(POLICE_UK.glob("*-street.csv"))
    if not files:
        raise SystemExit(f"no police.uk street files in {POLICE_UK}")
    frame = pd.concat(pd.read_csv(f, usecols=["Longitude", "Latitude"]).dropna() for f in files)
    e, n = wgs84_to_bng_arrays(frame["Longitude"].to_numpy(), frame["Latitude"].to_numpy())
    repeats = math.ceil(points / e.size)
    return np.tile(e, repeats)[:points], np.tile(n, repeats)[:points]


def _timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def run_gi_star(counts: np.ndarray) -> list[str]:
    from esda.getisord import G_Local
    from libpysal.weights import lat2W

    ny, nx = counts.shape
    ours, ours_s = _timed(getis_ord_gi_star, counts, exact_randomisation=False)
    ours_perm, ours_perm_s = _timed(
        getis_ord_gi_star, counts, permutations=999, seed=1, exact_randomisation=False
    )
    ours_exact, ours_exact_s = _timed(getis_ord_gi_star, counts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w, weights_s = _timed(lat2W, ny, nx, rook=False)
        theirs, local_s = _timed(
            G_Local, counts.ravel(), w, transform="B", star=True, permutations=0
        )
        small = lat2W(5, 5, rook=False)  # numba compiles on first use: keep that out
        G_Local(np.arange(25.0), small, transform="B", star=True, permutations=9, seed=1)
        _, perm_s = _timed(
            G_Local,
            counts.ravel(),
            w,
            transform="B",
            star=True,
            permutations=999,
            keep_simulations=False,
            seed=1,
        )
    difference = float(np.nanmax(np.abs(ours.z.ravel() - theirs.Zs)))
    esda_s = weights_s + local_s
    assert ours_perm.p_sim_high is not None
    assert ours_exact.p_rand_high is not None
    mc_gap = float(np.nanmax(np.abs(ours_perm.p_sim_high - ours_exact.p_rand_high)))
    lines = [
        f"hotspots gi*: ours {ours_s:.4f} s, esda {esda_s:.3f} s "
        f"(lat2W {weights_s:.3f} s + G_Local {local_s:.3f} s), ratio {esda_s / ours_s:.0f}x "
        f"(target > 1); max |z ours - z esda| = {difference:.2e} (target <= 1e-9)",
        f"hotspots gi* 999 permutations: ours {ours_perm_s:.3f} s, esda {perm_s:.3f} s "
        f"(G_Local only, numba warm), ratio {perm_s / ours_perm_s:.1f}x",
        f"hotspots gi* exact randomisation (our default inference): {ours_exact_s:.3f} s "
        f"including the analytic z; max |p_sim_high (999) - p_rand_high| = {mc_gap:.3f}",
        f"    {ny} x {nx} = {counts.size:,} cells, {int(counts.sum()):,} events in the grid",
    ]
    return lines


@dataclass(frozen=True)
class SklearnRun:
    """scikit-learn's time for every cell (measured or extrapolated) and its densities."""

    label: str
    seconds: float
    fit_seconds: float
    sample: np.ndarray
    density: np.ndarray
    how: str


def run_sklearn(
    points: np.ndarray, cells: np.ndarray, order: np.ndarray, bandwidth: float, rtol: float
) -> SklearnRun:
    """Fit, then score a calibration sample; score more cells (or all) within the budget."""
    from sklearn.neighbors import KernelDensity

    model, fit_s = _timed(KernelDensity(bandwidth=bandwidth, rtol=rtol).fit, points)
    sample = order[:CALIBRATION_CELLS]
    log_density, score_s = _timed(model.score_samples, cells[sample])
    projected = score_s / sample.size * cells.shape[0]
    size = (
        cells.shape[0]
        if projected <= SKLEARN_BUDGET_S
        else int(SKLEARN_BUDGET_S / projected * cells.shape[0])
    )
    if size > 2 * sample.size:  # else the calibration itself is the sample
        sample = order[:size] if size < cells.shape[0] else np.arange(cells.shape[0])
        log_density, score_s = _timed(model.score_samples, cells[sample])
    how = (
        "all cells"
        if sample.size == cells.shape[0]
        else f"extrapolated from {sample.size:,} of {cells.shape[0]:,} random cells "
        f"in {score_s:.1f} s"
    )
    return SklearnRun(
        label=f"rtol={rtol:g}" + (" (default)" if rtol == 0 else ""),
        seconds=fit_s + score_s / sample.size * cells.shape[0],
        fit_seconds=fit_s,
        sample=sample,
        density=np.exp(log_density) * points.shape[0] * 1e6,
        how=how,
    )


def run_kernel_density(
    x: np.ndarray, y: np.ndarray, grid: Grid, bandwidth: float, seed: int
) -> list[str]:
    ours, ours_s = _timed(kernel_density, x, y, grid, bandwidth_m=bandwidth)
    cx, cy = grid.centres()
    cells = np.column_stack([cx.ravel(), cy.ravel()])
    order = np.random.default_rng(seed).permutation(cells.shape[0])
    points = np.column_stack([x, y])
    lines = []
    for rtol in SKLEARN_RTOLS:
        peer = run_sklearn(points, cells, order, bandwidth, rtol)
        difference = np.abs(ours.ravel()[peer.sample] - peer.density).max() / peer.density.max()
        lines.append(
            f"hotspots kde: ours {ours_s:.3f} s, scikit-learn {peer.label} {peer.seconds:.1f} s "
            f"(fit {peer.fit_seconds:.2f} s + score_samples, {peer.how}), "
            f"ratio {peer.seconds / ours_s:.0f}x (target >= 50); "
            f"max |ours - theirs| = {difference:.1e} of the peak"
        )
        print(lines[-1], flush=True)
    densest = np.argsort(ours.ravel())[::-1][:100]
    rest = np.setdiff1d(order[: EXACT_CELLS * 2], densest)[: EXACT_CELLS - densest.size]
    chosen = np.concatenate([densest, rest])
    exact, exact_s = _timed(
        exact_kernel_density, x, y, cells[chosen, 0], cells[chosen, 1], bandwidth_m=bandwidth
    )
    error = np.abs(ours.ravel()[chosen] - exact)
    peak_error = float(error.max() / exact.max())
    dense = exact >= 0.01 * exact.max()
    relative_error = float((error[dense] / exact[dense]).max())
    lines.append(
        f"hotspots kde accuracy: against the exact sum at {chosen.size} cells "
        f"({exact_s:.1f} s): max error {peak_error:.2e} of the peak, max relative error "
        f"{relative_error:.2e} where density >= 1% of the peak (target <= 1e-2)"
    )
    print(lines[-1], flush=True)
    lines.append(f"    bandwidth {bandwidth:g} m, {x.size:,} points, {cells.shape[0]:,} cells")
    print(lines[-1], flush=True)
    return lines


def run(
    points: int = DEFAULT_POINTS,
    cell_m: float = DEFAULT_CELL_M,
    *,
    bandwidth: float = DEFAULT_BANDWIDTH_M,
    seed: int = 1,
    police_uk: bool = False,
) -> list[str]:
    """Gi* and KDE, ours against the peers; print and return the summary lines."""
    grid = llr_grid(cell_m)
    if police_uk:
        x, y = police_uk_points(points)
        source = f"police.uk street rows from {POLICE_UK}, repeated"
    else:
        x, y = synthetic_points(grid, points, seed)
        source = f"synthetic clustered points, seed {seed}"
    print(f"hotspots: {points:,} points ({source}), {cell_m:g} m cells over LLR", flush=True)
    counts, binning_s = _timed(grid_counts, x, y, grid)
    print(f"    counting points into cells: {binning_s:.3f} s (shared input of both sides)")
    lines = run_gi_star(counts)
    for line in lines:
        print(line, flush=True)
    kde_lines = run_kernel_density(x, y, grid, bandwidth, seed)
    return lines + kde_lines
