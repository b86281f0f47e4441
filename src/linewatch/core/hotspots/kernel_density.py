"""Gaussian kernel density of events at the cell centres of a grid, binned and convolved.

The exact estimate at a cell centre ``c`` is ``f(c) = sum_j K_h(c - x_j)`` with the
isotropic Gaussian ``K_h(d) = exp(-|d|^2 / (2 h^2)) / (2 pi h^2)``: events per m^2, reported
here per km^2 (so a cell's density times its area in km^2 is about its share of events).
Summing a kernel per event and cell costs ``n x cells``; instead (Wand 1994, "Fast
computation of multivariate kernel estimators", *J. Comp. Graph. Stat.* 3(4)):

1. the events are *linearly binned* onto a fine lattice whose spacing is the cell size
   divided by ``refine`` and whose nodes include every cell centre (each event's weight is
   shared between the four nodes around it in proportion to its closeness);
2. the binned weights are convolved with the Gaussian, one axis at a time (it is separable),
   using the kernel's exact values at the lattice offsets out to ``TRUNCATE`` bandwidths;
3. the result is read at the cell centres.

Linear binning is exact for the mean of each event's position and adds on average a
variance of ``spacing**2 / 6`` per axis, so the kernel used in step 2 has the variance
``h**2 - spacing**2 / 6`` ("binning correction"), which takes the bias from second to
fourth order in ``spacing / h``. The lattice extends ``TRUNCATE`` bandwidths beyond the grid
so that events just outside still contribute to edge cells, as in the exact sum. The
lattice spacing is chosen so that ``h / spacing >= MIN_NODES_PER_BANDWIDTH``; the error
against the exact sum is then well under 0.1% of the peak (see ``bench/hotspots.py``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage

from linewatch.core.hotspots.errors import HotspotInputError
from linewatch.core.hotspots.grid import Grid

FloatArray = NDArray[np.float64]

#: The default bandwidth: two 250 m cells, about a few streets either side.
DEFAULT_BANDWIDTH_M = 500.0
#: The kernel is cut off this many bandwidths from its centre (relative weight 3.7e-6).
TRUNCATE = 5.0
#: Lattice nodes per bandwidth, at least.
MIN_NODES_PER_BANDWIDTH = 4.0
#: Never refine a cell into more than this many lattice steps per side.
MAX_REFINE = 16


def silverman_bandwidth(eastings: ArrayLike, northings: ArrayLike) -> float:
    """Silverman's rule of thumb for a 2-D Gaussian kernel, in metres.

    ``h = n ** (-1/6) * (sd_e + sd_n) / 2``. It suits one smooth bump; on clustered events
    it over-smooths hot spots, which is why :data:`DEFAULT_BANDWIDTH_M` is the default.
    """
    x = np.asarray(eastings, dtype=np.float64)
    y = np.asarray(northings, dtype=np.float64)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size < 2:
        raise HotspotInputError(f"{x.size} located events: expected at least 2 for a bandwidth")
    spread = (float(np.std(x, ddof=1)) + float(np.std(y, ddof=1))) / 2
    return float(spread * x.size ** (-1 / 6))


def refinement(grid: Grid, bandwidth_m: float) -> int:
    """How many lattice steps each cell side is cut into for ``bandwidth_m``."""
    return max(1, min(MAX_REFINE, math.ceil(MIN_NODES_PER_BANDWIDTH * grid.cell_m / bandwidth_m)))


def _linear_bins(u: FloatArray) -> tuple[NDArray[np.intp], FloatArray]:
    """Lower node index and the fraction of the way to the next node, per lattice position.

    ``u`` is non-negative, so truncation towards zero is the floor.
    """
    lower = u.astype(np.intp)
    return lower, u - lower


def _kernel_1d(spacing: float, sigma: float) -> FloatArray:
    radius = max(1, math.ceil(TRUNCATE * sigma / spacing))
    offsets = np.arange(-radius, radius + 1) * spacing
    kernel: FloatArray = np.exp(-0.5 * (offsets / sigma) ** 2) / (math.sqrt(2 * math.pi) * sigma)
    return kernel


def kernel_density(
    eastings: ArrayLike,
    northings: ArrayLike,
    grid: Grid,
    *,
    bandwidth_m: float = DEFAULT_BANDWIDTH_M,
    weights: ArrayLike | None = None,
) -> FloatArray:
    """Gaussian kernel density at each cell centre, in events per km^2, shape ``(ny, nx)``.

    ``bandwidth_m`` is the kernel's standard deviation in metres (what scikit-learn's
    ``KernelDensity(bandwidth=...)`` calls bandwidth). Events with a missing coordinate are
    ignored; so are events more than ``TRUNCATE`` bandwidths beyond the grid, which could
    not raise any cell's density by more than a few millionths of one event's peak.
    ``weights`` (one per event) count an event more than once, e.g. items seized.
    """
    if not (math.isfinite(bandwidth_m) and bandwidth_m > 0):
        raise HotspotInputError(
            f"bandwidth_m={bandwidth_m!r}: expected a positive number of metres"
        )
    x = np.asarray(eastings, dtype=np.float64).ravel()
    y = np.asarray(northings, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise HotspotInputError(f"eastings and northings differ in length: {x.size} and {y.size}")
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    if w.shape != x.shape:
        raise HotspotInputError(f"{w.size} weights for {x.size} events: expected one per event")
    refine = refinement(grid, bandwidth_m)
    spacing = grid.cell_m / refine
    sigma = math.sqrt(bandwidth_m**2 - spacing**2 / 6)
    pad = math.ceil(TRUNCATE * bandwidth_m / spacing) + 1
    # Lattice node 0 sits `pad` steps before the first cell centre on each axis.
    origin_x = grid.x0 + grid.cell_m / 2 - pad * spacing
    origin_y = grid.y0 + grid.cell_m / 2 - pad * spacing
    size_x = (grid.nx - 1) * refine + 1 + 2 * pad
    size_y = (grid.ny - 1) * refine + 1 + 2 * pad
    ux = (x - origin_x) / spacing
    uy = (y - origin_y) / spacing
    # NaN compares False, so missing coordinates are dropped here too.
    keep = (ux >= 0) & (ux < size_x - 1) & (uy >= 0) & (uy < size_y - 1)
    if not keep.all():
        ux, uy, w = ux[keep], uy[keep], w[keep]
    ix, fx = _linear_bins(ux)
    iy, fy = _linear_bins(uy)
    base = iy * size_x + ix
    nodes = size_x * size_y
    lattice = np.zeros(nodes)
    west, east = 1 - fx, fx
    south, north = (1 - fy) * w, fy * w
    for offset, share in (
        (0, west * south),
        (1, east * south),
        (size_x, west * north),
        (size_x + 1, east * north),
    ):
        # Binning at `base` and shifting the lattice saves adding `offset` to every index.
        lattice[offset:] += np.bincount(base, weights=share, minlength=nodes)[: nodes - offset]
    binned = lattice.reshape(size_y, size_x)
    kernel = _kernel_1d(spacing, sigma)
    centres_x = slice(pad, pad + (grid.nx - 1) * refine + 1, refine)
    centres_y = slice(pad, pad + (grid.ny - 1) * refine + 1, refine)
    along_x = ndimage.correlate1d(binned, kernel, axis=1, mode="constant")[:, centres_x]
    density = ndimage.correlate1d(along_x, kernel, axis=0, mode="constant")[centres_y, :]
    per_km2: FloatArray = density * 1e6
    return per_km2


def exact_kernel_density(
    eastings: ArrayLike,
    northings: ArrayLike,
    at_eastings: ArrayLike,
    at_northings: ArrayLike,
    *,
    bandwidth_m: float,
    chunk: int = 2_000_000,
) -> FloatArray:
    """The exact Gaussian sum at the given points, events per km^2 (slow: a reference)."""
    x = np.asarray(eastings, dtype=np.float64).ravel()
    y = np.asarray(northings, dtype=np.float64).ravel()
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    ax = np.asarray(at_eastings, dtype=np.float64).ravel()
    ay = np.asarray(at_northings, dtype=np.float64).ravel()
    result = np.zeros(ax.size)
    step = max(1, chunk // max(1, x.size))
    scale = 1e6 / (2 * math.pi * bandwidth_m**2)
    for start in range(0, ax.size, step):
        dx = ax[start : start + step, None] - x[None, :]
        dy = ay[start : start + step, None] - y[None, :]
        squared = (dx * dx + dy * dy) / (-2 * bandwidth_m**2)
        result[start : start + step] = np.exp(squared).sum(axis=1) * scale
    return result
