"""Which Gi* cells are hot spots: p-values, the false discovery rate, and map shading bins.

Three ways to get a cell's p-value (``inference``):

- ``"randomisation"``: exact conditional randomisation (``GiStar.p_rand_high``), available
  for whole-number counts; right for sparse counts, where the normal approximation is not;
- ``"permutation"``: esda-style Monte Carlo pseudo p-values (``GiStar.p_sim_high``), when the
  Gi* was computed with ``permutations``;
- ``"normal"``: the analytic z-score's normal p-value (``GiStar.p_value``), as ArcGIS's Hot
  Spot Analysis and esda's ``p_norm``.

``"auto"`` (the default) takes the first available in that order. Each p-value is two-sided:
twice the one-sided tail on the side of the observed value.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from linewatch.core.hotspots.errors import HotspotInputError
from linewatch.core.hotspots.getis_ord import GiStar

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
INFERENCES = ("auto", "randomisation", "permutation", "normal")


def inference_used(gi: GiStar, inference: str = "auto") -> str:
    """The inference ``inference`` resolves to for ``gi`` (raises when it is unavailable)."""
    if inference not in INFERENCES:
        raise HotspotInputError(f"inference={inference!r}: expected one of {', '.join(INFERENCES)}")
    available = {
        "randomisation": gi.p_rand_high is not None,
        "permutation": gi.p_sim_high is not None,
        "normal": True,
    }
    if inference == "auto":
        return next(name for name, ok in available.items() if ok)
    if not available[inference]:
        raise HotspotInputError(
            f"inference={inference!r} is not available for this Gi*: "
            + (
                "it was computed without permutations"
                if inference == "permutation"
                else "the counts are not whole numbers"
            )
        )
    return inference


def two_sided_p(gi: GiStar, inference: str = "auto") -> tuple[FloatArray, NDArray[np.int8]]:
    """Two-sided p-value per cell and the side (+1 high, -1 low) it was found on."""
    used = inference_used(gi, inference)
    tails = {
        "randomisation": (gi.p_rand_high, gi.p_rand_low),
        "permutation": (gi.p_sim_high, gi.p_sim_low),
    }
    if used == "normal":
        with np.errstate(invalid="ignore"):
            sign = np.where(gi.z > 0, 1, -1).astype(np.int8)
        return gi.p_value, sign
    high, low = tails[used]
    if high is None or low is None:  # inference_used checked this; for the type checker
        raise HotspotInputError(f"inference={used!r} is not available for this Gi*")
    with np.errstate(invalid="ignore"):
        is_high = high <= low
    p: FloatArray = np.minimum(1.0, 2.0 * np.where(is_high, high, low))
    return p, np.where(is_high, 1, -1).astype(np.int8)


def benjamini_hochberg(p: FloatArray, alpha: float) -> BoolArray:
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
    gi: GiStar, *, alpha: float = 0.05, correction: str = "fdr", inference: str = "auto"
) -> BoolArray:
    """Cells that are statistically significant hot spots: high side, ``p < alpha``.

    ``p`` is two-sided (see the module docstring for ``inference``). With the default
    ``correction="fdr"`` the cells of the study area are tested together with the
    Benjamini-Hochberg false discovery rate at ``alpha``, since tens of thousands of cells
    tested one by one would give hundreds of hot spots by chance; ``"none"`` tests each
    cell on its own.
    """
    if not 0 < alpha < 1:
        raise HotspotInputError(f"alpha={alpha!r}: expected a probability between 0 and 1")
    if correction not in ("fdr", "none"):
        raise HotspotInputError(f"correction={correction!r}: expected 'fdr' or 'none'")
    p, side = two_sided_p(gi, inference)
    testable = np.isfinite(gi.z) & np.isfinite(p)
    significant = np.zeros(gi.z.shape, dtype=np.bool_)
    if correction == "fdr":
        significant[testable] = benjamini_hochberg(p[testable], alpha)
    else:
        significant[testable] = p[testable] < alpha
    with np.errstate(invalid="ignore"):
        hot: BoolArray = significant & (side > 0) & (gi.z > 0)
    return hot


def confidence_bins(gi: GiStar, *, inference: str = "auto") -> NDArray[np.int8]:
    """ArcGIS-style Gi bins per cell: +3/+2/+1 hot at 99/95/90% confidence, -3..-1 cold, 0.

    Each cell is judged on its own two-sided p-value (no false discovery rate correction),
    so use them to shade a map, and :func:`hot_cells` to say which cells are hot spots.
    Cells outside the study area or with an undefined Gi* get 0.
    """
    p, side = two_sided_p(gi, inference)
    level = np.zeros(gi.z.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for threshold, value in ((0.10, 1), (0.05, 2), (0.01, 3)):
            level[p < threshold] = value
    level[~np.isfinite(gi.z)] = 0
    bins: NDArray[np.int8] = level * side
    return bins
