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
from scipy import ndimage, special

from linewatch.core.hotspots.errors import HotspotInputError
from linewatch.core.hotspots.randomisation import exact_tail_probabilities, monte_carlo_counts

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
    observed one; otherwise None. ``p_sim_high = (larger + 1) / (P + 1)`` and ``p_sim_low``
    (the same with "at most as large") are the one-sided pseudo p-values that
    :func:`hot_cells` uses: unlike esda's folded value they do not call a cell whose
    neighbours are all empty "significant" just because no random neighbourhood can be
    smaller.

    ``p_rand_high`` and ``p_rand_low`` are the same one-sided p-values computed exactly (the
    limit of infinitely many permutations, see :mod:`linewatch.core.hotspots.randomisation`)
    for whole-number counts; None for fractional weights. :func:`hot_cells` uses them by
    default: with sparse counts the normal approximation is far off (one event in a quiet
    county gives its whole neighbourhood a z-score above 4).
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
    p_sim_high: FloatArray | None = None
    p_sim_low: FloatArray | None = None
    p_rand_high: FloatArray | None = None
    p_rand_low: FloatArray | None = None

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
    exact_randomisation: bool = True,
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
    exact_randomisation : also compute ``p_rand_high`` / ``p_rand_low`` (whole-number counts).

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
    p_sim = p_sim_high = p_sim_low = None
    if permutations and n > 1 and total > 0:
        larger, smaller = monte_carlo_counts(y_in, mask, local_sum, cardinality, permutations, seed)
        no_neighbours = cardinality <= 1  # nothing to randomise: never significant
        folded = np.minimum(larger, permutations - larger)
        p_sim, p_sim_high, p_sim_low = (
            np.where(
                undefined, np.nan, np.where(no_neighbours, 1.0, (c + 1.0) / (permutations + 1.0))
            )
            for c in (folded, larger, smaller)
        )
    p_rand_high = p_rand_low = None
    exact = None
    if exact_randomisation and n > 1 and total > 0:
        exact = exact_tail_probabilities(y_in, mask, local_sum, cardinality)
    if exact is not None:
        p_rand_high, p_rand_low = (np.where(undefined, np.nan, p) for p in exact)
    return GiStar(
        z=z,
        g=np.where(mask, g, nan),
        expected=np.where(mask, expected, nan),
        variance=np.where(mask, variance, nan),
        p_norm=special.ndtr(-np.abs(z)),  # = scipy.stats.norm.sf(|z|), without importing stats
        study_area=mask,
        contiguity=contiguity,
        n_cells=n,
        n_events=total,
        permutations=permutations,
        seed=seed,
        p_sim=p_sim,
        p_sim_high=p_sim_high,
        p_sim_low=p_sim_low,
        p_rand_high=p_rand_high,
        p_rand_low=p_rand_low,
    )
