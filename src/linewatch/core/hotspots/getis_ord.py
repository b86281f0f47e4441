"""Getis-Ord Gi* local statistic on a regular grid, by array convolution.

Getis, A. and Ord, J. K. (1992) "The analysis of spatial association by use of distance
statistics", *Geographical Analysis* 24(3); Ord, J. K. and Getis, A. (1995) "Local spatial
autocorrelation statistics: distributional issues and an application", *Geographical
Analysis* 27(4).

The definitions are those of PySAL's ``esda.getisord.G_Local(y, w, transform="B",
star=True)``, so the values agree with esda's to floating-point rounding (tested to 1e-9):

- the observations are the cells of the *study area* (every cell of the grid unless a mask is
  given) — **empty cells included**, with a count of 0, exactly as esda treats every id of a
  ``libpysal.weights.lat2W`` lattice;
- the weights are binary contiguity (queen: the 8 surrounding cells; rook: the 4 sharing an
  edge), restricted to study-area cells, plus the focal cell itself (weight 1);
- ``G*_i = sum_j w_ij y_j / sum_j y_j``, ``E[G*_i] = W_i / n`` and
  ``Var[G*_i] = W_i (n - W_i) / (n - 1) / n**2 * s**2 / ybar**2``, where ``W_i`` is the number
  of cells in the neighbourhood (focal cell included), ``n`` the number of study-area cells,
  ``ybar`` their mean and ``s**2`` their variance with divisor ``n``;
- ``z_i = (G*_i - E[G*_i]) / sqrt(Var[G*_i])``; esda's ``p_norm`` is the one-sided normal
  tail ``sf(|z|)``.

The neighbourhood sums are one 2-D correlation with a 3x3 kernel, which is why this is much
faster than building a PySAL weights object and multiplying by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage, stats

from linewatch.core.hotspots.errors import HotspotInputError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Contiguity = Literal["queen", "rook"]

#: Neighbourhood kernels, focal cell included (the "star" of Gi*).
KERNELS: dict[str, NDArray[np.float64]] = {
    "queen": np.ones((3, 3)),
    "rook": np.array([[0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 0.0]]),
}


@dataclass(frozen=True, eq=False)
class GiStar:
    """Gi* per cell; every array has the grid's shape and is NaN outside the study area.

    ``p_value`` is the two-sided normal p-value (twice esda's one-sided ``p_norm``). With
    permutations, ``p_sim`` is esda's "directed" pseudo p-value, ``(min(larger, P - larger)
    + 1) / (P + 1)`` where ``larger`` counts random neighbourhoods at least as large as the
    observed one; otherwise None.
    """

    z: FloatArray
    g: FloatArray
    expected: FloatArray
    variance: FloatArray
    p_norm: FloatArray
    study_area: BoolArray
    contiguity: str
    n_cells: int
    n_events: float
    permutations: int = 0
    seed: int = 0
    p_sim: FloatArray | None = None

    @property
    def p_value(self) -> FloatArray:
        """Two-sided p-value under the normal approximation."""
        result: FloatArray = np.minimum(1.0, 2.0 * self.p_norm)
        return result


def _study_area(counts: FloatArray, study_area: ArrayLike | None) -> BoolArray:
    if study_area is None:
        return np.ones(counts.shape, dtype=np.bool_)
    mask = np.asarray(study_area, dtype=np.bool_)
    if mask.shape != counts.shape:
        raise HotspotInputError(
            f"study_area has shape {mask.shape}; expected the counts' shape {counts.shape}"
        )
    return mask


def _checked_counts(counts: ArrayLike) -> FloatArray:
    y = np.asarray(counts, dtype=np.float64)
    if y.ndim != 2:
        raise HotspotInputError(f"counts has {y.ndim} dimensions; expected a (ny, nx) grid")
    if not np.isfinite(y).all():
        raise HotspotInputError("counts holds NaN or infinite values; expected finite counts")
    if (y < 0).any():
        raise HotspotInputError("counts holds negative values; expected counts of events")
    return y


def getis_ord_gi_star(
    counts: ArrayLike,
    *,
    contiguity: str = "queen",
    permutations: int = 0,
    seed: int = 0,
    study_area: ArrayLike | None = None,
) -> GiStar:
    """Getis-Ord Gi* z-scores (and p-values) of gridded counts, as esda's ``G_Local``.

    Parameters
    ----------
    counts : (ny, nx) array of non-negative event counts (or weights) per cell.
    contiguity : ``"queen"`` (8 neighbours) or ``"rook"`` (4), focal cell always included.
    permutations : number of conditional randomisations for ``p_sim`` (0: none; 999 usual).
    seed : seed of the randomisation, so a run can be repeated exactly.
    study_area : optional (ny, nx) boolean mask of the cells that are observations (e.g.
        :func:`linewatch.core.hotspots.llr_study_area`); other cells are left out entirely
        and get NaN. Default: every cell.

    With no events at all, or the same count in every cell, Gi* is undefined and every z is
    NaN (never a misleading 0).
    """
    if contiguity not in KERNELS:
        raise HotspotInputError(
            f"contiguity={contiguity!r}: expected one of {', '.join(sorted(KERNELS))}"
        )
    if permutations < 0:
        raise HotspotInputError(f"permutations={permutations}: expected 0 or more")
    y = _checked_counts(counts)
    mask = _study_area(y, study_area)
    kernel = KERNELS[contiguity]
    y_in = np.where(mask, y, 0.0)
    n = int(mask.sum())
    # Correlation of integer-valued floats with a 0/1 kernel is exact, like esda's W @ y.
    local_sum = ndimage.correlate(y_in, kernel, mode="constant", cval=0.0)
    cardinality = ndimage.correlate(mask.astype(np.float64), kernel, mode="constant", cval=0.0)
    total = float(y_in.sum())
    # numpy scalars, so that no events or no cells give NaN rather than ZeroDivisionError.
    cells, events = np.float64(n), np.float64(total)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = local_sum / events
        mean = events / cells
        variance_y = np.float64((y_in**2).sum()) / cells - mean**2
        expected = cardinality / cells
        variance = (
            cardinality * (cells - cardinality) / (cells - 1) / cells**2 * (variance_y / mean**2)
        )
        z = (g - expected) / np.sqrt(variance)
    undefined = ~np.isfinite(z) | ~mask
    nan = np.full(y.shape, np.nan)
    z = np.where(undefined, np.nan, z)
    p_sim = None
    if permutations and n > 1 and total > 0:
        p_sim = _pseudo_p_values(y_in, mask, local_sum, cardinality, permutations, seed)
        p_sim = np.where(undefined, np.nan, p_sim)
    return GiStar(
        z=z,
        g=np.where(mask, g, nan),
        expected=np.where(mask, expected, nan),
        variance=np.where(mask, variance, nan),
        p_norm=stats.norm.sf(np.abs(z)),
        study_area=mask,
        contiguity=contiguity,
        n_cells=n,
        n_events=total,
        permutations=permutations,
        seed=seed,
        p_sim=p_sim,
    )


def _distinct_draws(rng: np.random.Generator, n: int, rows: int, size: int) -> NDArray[np.intp]:
    """``rows`` draws of ``size`` distinct ids from ``range(n)`` (rejection of repeats)."""
    draws = rng.integers(0, n, size=(rows, size))
    while True:
        ordered = np.sort(draws, axis=1)
        repeated = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
        if not repeated.any():
            return draws.astype(np.intp)
        draws[repeated] = rng.integers(0, n, size=(int(repeated.sum()), size))


def _pseudo_p_values(
    y: FloatArray,
    mask: BoolArray,
    local_sum: FloatArray,
    cardinality: FloatArray,
    permutations: int,
    seed: int,
) -> FloatArray:
    """Conditional randomisation: each cell keeps its value, its neighbours are redrawn.

    As esda's ``crand``, one set of random draws is shared by all cells: draw ``P`` rows of
    ``k + 1`` distinct study-area cells (``k``: the largest number of neighbours); cell ``i``
    with ``k_i`` neighbours takes the first ``k_i`` of a row, skipping itself. The random
    sums are then prefix sums of the row, shared by every cell with the same ``k_i``, so
    counting the random sums at least as large as each observed one is a sort and a binary
    search, plus a correction for the few (cell, row) pairs where the cell drew itself.
    """
    ids = np.flatnonzero(mask.ravel())
    values = y.ravel()[ids]
    n = ids.size
    k = (cardinality.ravel()[ids] - 1).astype(np.intp)  # neighbours, focal cell excluded
    observed = local_sum.ravel()[ids] - values  # neighbour sum without the focal cell
    k_max = int(k.max())
    size = min(k_max + 1, n)
    rng = np.random.default_rng(seed)
    draws = _distinct_draws(rng, n, permutations, size)
    prefix = np.zeros((permutations, size + 1))
    np.cumsum(values[draws], axis=1, out=prefix[:, 1:])
    larger = np.zeros(n, dtype=np.int64)
    for kk in np.unique(k):
        cells = np.flatnonzero(k == kk)
        column = np.sort(prefix[:, kk])
        larger[cells] = permutations - np.searchsorted(column, observed[cells], side="left")
    # Pairs where cell a was drawn at position j of row p, and j < k_a: it must skip itself.
    rows, positions = np.nonzero(np.ones_like(draws, dtype=np.bool_))
    cells_drawn = draws[rows, positions]
    hit = positions < k[cells_drawn]
    rows, cells_drawn = rows[hit], cells_drawn[hit]
    naive = prefix[rows, k[cells_drawn]]
    fixed = prefix[rows, np.minimum(k[cells_drawn] + 1, size)] - values[cells_drawn]
    change = (fixed >= observed[cells_drawn]).astype(np.int64) - (naive >= observed[cells_drawn])
    np.add.at(larger, cells_drawn, change)
    folded = np.minimum(larger, permutations - larger)
    p = (folded + 1.0) / (permutations + 1.0)
    p[k == 0] = 1.0  # a cell with no neighbours: nothing to randomise
    result = np.full(y.size, np.nan)
    result[ids] = p
    return result.reshape(y.shape)


def _benjamini_hochberg(p: FloatArray, alpha: float) -> BoolArray:
    """Which of ``p`` (finite, 1-D) are discoveries at false discovery rate ``alpha``."""
    m = p.size
    if m == 0:
        return np.zeros(0, dtype=np.bool_)
    order = np.argsort(p, kind="stable")
    passed = p[order] <= alpha * np.arange(1, m + 1) / m
    result = np.zeros(m, dtype=np.bool_)
    if passed.any():
        last = int(np.flatnonzero(passed)[-1])
        result[order[: last + 1]] = True
    return result


def hot_cells(
    gi: GiStar, *, alpha: float = 0.05, correction: str = "fdr", use_permutations: bool = True
) -> BoolArray:
    """Cells that are statistically significant hot spots: ``z > 0`` and ``p < alpha``.

    ``p`` is two-sided: the normal ``p_value``, or ``min(1, 2 * p_sim)`` when the Gi* was
    computed with permutations (unless ``use_permutations`` is False). With the default
    ``correction="fdr"`` the cells of the study area are tested together with the
    Benjamini-Hochberg false discovery rate at ``alpha``, since tens of thousands of cells
    tested one by one would give hundreds of hot spots by chance; ``"none"`` tests each
    cell on its own.
    """
    if not 0 < alpha < 1:
        raise HotspotInputError(f"alpha={alpha!r}: expected a probability between 0 and 1")
    if correction not in ("fdr", "none"):
        raise HotspotInputError(f"correction={correction!r}: expected 'fdr' or 'none'")
    p = gi.p_value
    if use_permutations and gi.p_sim is not None:
        p = np.minimum(1.0, 2.0 * gi.p_sim)
    testable = np.isfinite(gi.z) & np.isfinite(p)
    significant = np.zeros(gi.z.shape, dtype=np.bool_)
    if correction == "fdr":
        significant[testable] = _benjamini_hochberg(p[testable], alpha)
    else:
        significant[testable] = p[testable] < alpha
    with np.errstate(invalid="ignore"):
        hot: BoolArray = significant & (gi.z > 0)
    return hot


def confidence_bins(gi: GiStar, *, use_permutations: bool = True) -> NDArray[np.int8]:
    """ArcGIS-style Gi bins per cell: +3/+2/+1 hot at 99/95/90% confidence, -3..-1 cold, 0.

    Each cell is judged on its own two-sided p-value (no false discovery rate correction),
    so use them to shade a map, and :func:`hot_cells` to say which cells are hot spots.
    Cells outside the study area or with an undefined Gi* get 0.
    """
    p = gi.p_value
    if use_permutations and gi.p_sim is not None:
        p = np.minimum(1.0, 2.0 * gi.p_sim)
    level = np.zeros(gi.z.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for threshold, value in ((0.10, 1), (0.05, 2), (0.01, 3)):
            level[p < threshold] = value
        sign = np.where(gi.z > 0, 1, -1).astype(np.int8)
    level[~np.isfinite(gi.z)] = 0
    bins: NDArray[np.int8] = level * sign
    return bins
