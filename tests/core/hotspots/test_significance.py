"""Hot cells by exact randomisation, permutations or the normal approximation."""

from __future__ import annotations

import numpy as np
import pytest

from linewatch.core.hotspots import (
    HotspotInputError,
    benjamini_hochberg,
    confidence_bins,
    getis_ord_gi_star,
    hot_cells,
    inference_used,
    two_sided_p,
)


def sparse_counts(seed: int = 0, events: int = 60, shape: tuple[int, int] = (80, 80)) -> np.ndarray:
    """A few scattered single events over a large quiet area, as a quarter of a rare crime."""
    rng = np.random.default_rng(seed)
    counts = np.zeros(shape)
    np.add.at(counts, (rng.integers(0, shape[0], events), rng.integers(0, shape[1], events)), 1)
    return counts


def test_exact_randomisation_is_the_limit_of_the_permutations() -> None:
    rng = np.random.default_rng(1)
    counts = rng.poisson(0.3, (40, 40)).astype(float)
    counts[10:13, 10:13] += 3
    gi = getis_ord_gi_star(counts, permutations=20_000, seed=5)
    assert gi.p_rand_high is not None
    assert gi.p_sim_high is not None
    assert gi.p_rand_low is not None
    assert gi.p_sim_low is not None
    # Monte Carlo standard error with 20,000 draws is at most 0.0035; without replacement
    # against with replacement differs by about k / n = 0.5%.
    np.testing.assert_allclose(gi.p_sim_high, gi.p_rand_high, atol=0.02)
    np.testing.assert_allclose(gi.p_sim_low, gi.p_rand_low, atol=0.02)


def test_exact_tails_by_hand_for_one_event() -> None:
    # 100 cells, one event; a cell with 8 neighbours whose neighbours hold it: P(S >= 1) is
    # 1 - P(no event in 8 draws from the 99 other cells, one of which has it).
    counts = np.zeros((10, 10))
    counts[5, 5] = 1
    gi = getis_ord_gi_star(counts)
    assert gi.p_rand_high is not None
    assert gi.p_rand_high[4, 4] == pytest.approx(1 - (98 / 99) ** 8)
    # The event's own cell: its neighbours are empty, as any random ones could be.
    assert gi.p_rand_high[5, 5] == pytest.approx(1.0)


def test_scattered_single_events_are_not_hot_spots_but_the_normal_test_says_they_are() -> None:
    counts = sparse_counts()
    gi = getis_ord_gi_star(counts)
    assert inference_used(gi) == "randomisation"
    assert hot_cells(gi).sum() == 0
    assert hot_cells(gi, inference="normal").sum() > 100  # why it is not the default


def test_a_real_cluster_among_sparse_events_is_found() -> None:
    counts = sparse_counts(seed=3)
    counts[40:43, 40:43] += 4
    hot = hot_cells(getis_ord_gi_star(counts))
    assert hot[41, 41]
    outside = hot.copy()
    outside[38:45, 38:45] = False
    assert not outside.any()


def test_fractional_weights_fall_back_to_the_normal_approximation() -> None:
    counts = sparse_counts() * 0.5
    gi = getis_ord_gi_star(counts)
    assert gi.p_rand_high is None
    assert inference_used(gi) == "normal"
    with pytest.raises(HotspotInputError, match="not whole numbers"):
        hot_cells(gi, inference="randomisation")
    with pytest.raises(HotspotInputError, match="without permutations"):
        hot_cells(gi, inference="permutation")
    with pytest.raises(HotspotInputError, match="inference='bayes'"):
        hot_cells(gi, inference="bayes")


def test_two_sided_p_takes_the_side_of_the_observation() -> None:
    counts = np.ones((12, 12))
    counts[2:5, 2:5] = 6
    counts[8:11, 8:11] = 0
    gi = getis_ord_gi_star(counts)
    p, side = two_sided_p(gi)
    assert side[3, 3] == 1
    assert side[9, 9] == -1
    assert p[3, 3] < 0.01
    bins = confidence_bins(gi)
    assert bins[3, 3] == 3
    assert bins[9, 9] < 0


def test_benjamini_hochberg_by_hand() -> None:
    p = np.array([0.001, 0.04, 0.03, 0.5, 0.012])
    # Sorted: 0.001 <= .01, 0.012 <= .02, 0.03 <= .03, 0.04 > .04? no: 0.04 <= 0.04.
    np.testing.assert_array_equal(benjamini_hochberg(p, 0.05), [True, True, True, False, True])
    assert not benjamini_hochberg(np.array([0.2, 0.3]), 0.05).any()


@pytest.mark.parametrize("contiguity", ["rook", "queen"])
def test_exact_tails_equal_enumerating_every_draw(contiguity: str) -> None:
    import itertools

    counts = np.array([[0, 3, 1, 0], [2, 0, 0, 5], [1, 1, 0, 0]], dtype=float)
    gi = getis_ord_gi_star(counts, contiguity=contiguity)
    assert gi.p_rand_high is not None
    assert gi.p_rand_low is not None
    flat = counts.ravel()
    kernel = (
        np.ones((3, 3)) if contiguity == "queen" else np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    )
    # Edge and corner cells: at most 5 neighbours, so at most 11**5 draws to enumerate.
    for i, j in [(0, 0), (1, 0), (1, 3), (2, 2)]:
        neighbours = [
            counts[a, b]
            for a in range(i - 1, i + 2)
            for b in range(j - 1, j + 2)
            if (a, b) != (i, j) and 0 <= a < 3 and 0 <= b < 4 and kernel[a - i + 1, b - j + 1]
        ]
        others = np.delete(flat, i * 4 + j)
        sums = np.array([sum(t) for t in itertools.product(others, repeat=len(neighbours))])
        observed = sum(neighbours)
        assert gi.p_rand_high[i, j] == pytest.approx((sums >= observed).mean(), abs=1e-12)
        assert gi.p_rand_low[i, j] == pytest.approx((sums <= observed).mean(), abs=1e-12)
