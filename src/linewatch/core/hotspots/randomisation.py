"""Randomisation inference for Gi*: each cell keeps its count, its neighbours are redrawn.

Two ways to get the p-values of conditional randomisation (Anselin 1995; esda's ``crand``):

- :func:`monte_carlo_counts`, ``P`` random draws as esda does (pseudo p-values, seeded). The
  smallest pseudo p-value is ``1 / (P + 1)``, too coarse for a false discovery rate over
  tens of thousands of cells unless ``P`` is very large.
- :func:`exact_tail_probabilities`, the limit of infinitely many draws for integer counts:
  the neighbours of a cell with ``k`` neighbours are ``k`` independent draws from the counts
  of the *other* study-area cells, so the distribution of their sum is the ``k``-fold
  convolution of those counts' frequency distribution (by FFT). Drawing with replacement
  rather than without differs from esda's scheme by a factor of order ``k / n`` (under
  0.1% for the LLR grid).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import fft
from scipy.special import comb

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Exact tail probabilities are skipped (None) when counts reach this value: the FFTs would
#: be long, and so many events in one cell leave no doubt about its neighbourhood anyway.
MAX_EXACT_COUNT = 100_000


def distinct_draws(rng: np.random.Generator, n: int, rows: int, size: int) -> NDArray[np.intp]:
    """``rows`` draws of ``size`` distinct ids from ``range(n)`` (rejection of repeats)."""
    draws = rng.integers(0, n, size=(rows, size))
    while True:
        ordered = np.sort(draws, axis=1)
        repeated = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
        if not repeated.any():
            return draws.astype(np.intp)
        draws[repeated] = rng.integers(0, n, size=(int(repeated.sum()), size))


def monte_carlo_counts(
    y: FloatArray,
    mask: BoolArray,
    local_sum: FloatArray,
    cardinality: FloatArray,
    permutations: int,
    seed: int,
) -> tuple[FloatArray, FloatArray]:
    """Conditional randomisation: each cell keeps its value, its neighbours are redrawn.

    As esda's ``crand``, one set of random draws is shared by all cells: draw ``P`` rows of
    ``k + 1`` distinct study-area cells (``k``: the largest number of neighbours); cell ``i``
    with ``k_i`` neighbours takes the first ``k_i`` of a row, skipping itself. The random
    sums are then prefix sums of the row, shared by every cell with the same ``k_i``, so
    counting the random sums at least (at most) as large as each observed one is a sort and
    a binary search, plus a correction for the few (cell, row) pairs where the cell drew
    itself. Returns both counts per cell (NaN outside the study area).
    """
    ids = np.flatnonzero(mask.ravel())
    values = y.ravel()[ids]
    n = ids.size
    k = (cardinality.ravel()[ids] - 1).astype(np.intp)  # neighbours, focal cell excluded
    observed = local_sum.ravel()[ids] - values  # neighbour sum without the focal cell
    k_max = int(k.max())
    size = min(k_max + 1, n)
    rng = np.random.default_rng(seed)
    draws = distinct_draws(rng, n, permutations, size)
    prefix = np.zeros((permutations, size + 1))
    np.cumsum(values[draws], axis=1, out=prefix[:, 1:])
    larger = np.zeros(n, dtype=np.int64)
    smaller = np.zeros(n, dtype=np.int64)
    for kk in np.unique(k):
        cells = np.flatnonzero(k == kk)
        column = np.sort(prefix[:, kk])
        larger[cells] = permutations - np.searchsorted(column, observed[cells], side="left")
        smaller[cells] = np.searchsorted(column, observed[cells], side="right")
    # Pairs where cell a was drawn at position j of row p, and j < k_a: it must skip itself.
    rows, positions = np.nonzero(np.ones_like(draws, dtype=np.bool_))
    cells_drawn = draws[rows, positions]
    hit = positions < k[cells_drawn]
    rows, cells_drawn = rows[hit], cells_drawn[hit]
    naive = prefix[rows, k[cells_drawn]]
    fixed = prefix[rows, np.minimum(k[cells_drawn] + 1, size)] - values[cells_drawn]
    target = observed[cells_drawn]
    np.add.at(larger, cells_drawn, (fixed >= target).astype(np.int64) - (naive >= target))
    np.add.at(smaller, cells_drawn, (fixed <= target).astype(np.int64) - (naive <= target))
    counts = []
    for count in (larger, smaller):
        result = np.full(y.size, np.nan)
        result[ids] = count
        counts.append(result.reshape(y.shape))
    return counts[0], counts[1]


def exact_tail_probabilities(
    y: FloatArray, mask: BoolArray, local_sum: FloatArray, cardinality: FloatArray
) -> tuple[FloatArray, FloatArray] | None:
    """``P(S >= observed)`` and ``P(S <= observed)`` per cell under randomisation, or None.

    ``S`` is the sum of a cell's ``k`` neighbours drawn at random (with replacement) from the
    other study-area cells' counts, ``observed`` the actual sum of its neighbours. None when
    the counts are not whole numbers (weights) or too large for the FFT.

    With ``F`` the frequency of each count over the whole study area and ``F^m`` its
    ``m``-fold convolution (one FFT each, ``m <= 8``), the population without the cell's own
    count ``v`` is ``F - delta_v``, and by the binomial theorem
    ``(F - delta_v)^k = sum_j C(k, j) (-1)^j F^(k-j) shifted by j*v``; so every cell's tail
    probability is ``k + 1`` look-ups in the tails of the ``F^m``, whatever its own count.
    """
    ids = np.flatnonzero(mask.ravel())
    values = y.ravel()[ids]
    n = ids.size
    if n < 2 or not np.array_equal(values, np.round(values)) or values.max() >= MAX_EXACT_COUNT:
        return None
    own = values.astype(np.int64)
    k = (cardinality.ravel()[ids] - 1).astype(np.int64)
    observed = np.rint(local_sum.ravel()[ids] - values).astype(np.int64)
    k_max = int(k.max())
    frequency = np.bincount(own).astype(np.float64)
    length = k_max * (frequency.size - 1) + 1
    size = fft.next_fast_len(length, real=True)
    spectrum = fft.rfft(frequency, size)
    # at_least[m][s] = number of m-tuples of cells summing to s or more; at_most likewise.
    at_least = np.empty((k_max + 1, length + 1))
    at_most = np.empty((k_max + 1, length + 1))
    for m in range(k_max + 1):
        tuples = np.clip(fft.irfft(spectrum**m, size)[:length], 0.0, None)
        at_least[m, :length] = np.cumsum(tuples[::-1])[::-1]
        at_least[m, length] = 0.0  # sums beyond every possible one
        at_most[m, :length] = np.cumsum(tuples)
        at_most[m, length] = at_most[m, length - 1]
    high = np.zeros(n)
    low = np.zeros(n)
    for j in range(k_max + 1):
        term = k >= j
        rest = (k - j)[term]
        s = observed[term] - j * own[term]
        weight = comb(k[term], j) * (-1.0) ** j
        # A sum below 0 is reached by every tuple, and by none at or below it.
        index = np.clip(s, 0, length)
        ge = np.where(s <= 0, float(n) ** rest, at_least[rest, index])
        le = np.where(s < 0, 0.0, at_most[rest, index])
        high[term] += weight * ge
        low[term] += weight * le
    scale = float(n - 1) ** k
    high = np.clip(high / scale, 0.0, 1.0)
    low = np.clip(low / scale, 0.0, 1.0)
    high[k == 0] = low[k == 0] = 1.0  # nothing to randomise
    results = []
    for probabilities in (high, low):
        grid = np.full(y.size, np.nan)
        grid[ids] = probabilities
        results.append(grid.reshape(y.shape))
    return results[0], results[1]
