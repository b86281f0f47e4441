"""Gi* equals PySAL esda's G_Local(star=True, transform="B") on the same lattice weights."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from esda.getisord import G_Local
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from libpysal.weights import lat2W, w_subset

from linewatch.core.hotspots import HotspotInputError, getis_ord_gi_star, hot_cells


def clustered_counts(ny: int = 24, nx: int = 31, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(0.4, (ny, nx)).astype(float)
    counts[5:9, 6:10] += rng.poisson(6, (4, 4))
    counts[15:17, 20:23] += 4
    return counts


def esda_gi_star(counts: np.ndarray, rook: bool, ids: list[int] | None = None, **kw) -> G_Local:
    ny, nx = counts.shape
    w = lat2W(ny, nx, rook=rook)
    y = counts.ravel()
    if ids is not None:
        w, y = w_subset(w, ids), y[ids]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(y, w, transform="B", star=True, **kw)


@pytest.mark.parametrize("contiguity", ["queen", "rook"])
def test_z_scores_and_moments_equal_esda_on_every_cell_empty_ones_included(
    contiguity: str,
) -> None:
    counts = clustered_counts()
    ours = getis_ord_gi_star(counts, contiguity=contiguity)
    theirs = esda_gi_star(counts, rook=contiguity == "rook", permutations=0)
    assert (counts == 0).any()  # empty cells are observations too
    np.testing.assert_allclose(ours.z.ravel(), theirs.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.g.ravel(), theirs.Gs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.expected.ravel(), theirs.EGs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.variance.ravel(), theirs.VGs, rtol=1e-9, atol=0)
    np.testing.assert_allclose(ours.p_norm.ravel(), theirs.p_norm, rtol=0, atol=1e-12)
    assert ours.n_cells == counts.size
    assert ours.n_events == counts.sum()


def test_a_study_area_mask_equals_esda_on_the_subset_of_cells() -> None:
    counts = clustered_counts()
    area = np.ones(counts.shape, dtype=bool)
    area[:5, :12] = False
    area[18:, 25:] = False
    area[10, 10] = False  # a hole: its neighbours lose one neighbour
    ids = np.flatnonzero(area.ravel()).tolist()
    ours = getis_ord_gi_star(counts, study_area=area)
    theirs = esda_gi_star(counts, rook=False, ids=ids, permutations=0)
    np.testing.assert_allclose(ours.z.ravel()[ids], theirs.Zs, rtol=0, atol=1e-9)
    assert np.isnan(ours.z[~area]).all()
    assert ours.n_cells == len(ids)


@settings(max_examples=40, deadline=None)
@given(
    counts=arrays(np.float64, (6, 7), elements=st.integers(0, 20).map(float)),
    scale=st.floats(0.01, 1000),
)
def test_z_scores_do_not_change_when_every_count_is_scaled(
    counts: np.ndarray, scale: float
) -> None:
    plain = getis_ord_gi_star(counts).z
    scaled = getis_ord_gi_star(counts * scale).z
    np.testing.assert_allclose(scaled, plain, rtol=1e-7, atol=1e-7, equal_nan=True)


@settings(max_examples=25, deadline=None)
@given(counts=arrays(np.float64, (5, 6), elements=st.integers(0, 9).map(float)))
def test_equal_to_esda_on_any_small_grid(counts: np.ndarray) -> None:
    ours = getis_ord_gi_star(counts)
    theirs = esda_gi_star(counts, rook=False, permutations=0)
    np.testing.assert_allclose(ours.z.ravel(), theirs.Zs, rtol=0, atol=1e-9, equal_nan=True)


def test_no_events_or_the_same_count_everywhere_gives_undefined_not_zero() -> None:
    for counts in (np.zeros((4, 5)), np.full((4, 5), 3.0)):
        gi = getis_ord_gi_star(counts, permutations=99)
        assert np.isnan(gi.z).all()
        assert not hot_cells(gi).any()


def test_bad_input_is_named() -> None:
    with pytest.raises(HotspotInputError, match="contiguity='bishop'"):
        getis_ord_gi_star(np.ones((3, 3)), contiguity="bishop")
    with pytest.raises(HotspotInputError, match="negative"):
        getis_ord_gi_star(-np.ones((3, 3)))
    with pytest.raises(HotspotInputError, match="dimensions"):
        getis_ord_gi_star(np.ones(9))
    with pytest.raises(HotspotInputError, match="study_area has shape"):
        getis_ord_gi_star(np.ones((3, 3)), study_area=np.ones((2, 2), bool))


def brute_force_counts(
    counts: np.ndarray, gi_seed: int, permutations: int, contiguity: str
) -> tuple[np.ndarray, np.ndarray]:
    """Count, cell by cell, random neighbourhoods at least (and at most) as large as the
    observed one, drawing as the implementation documents: the first k_i cells of each
    shared row of draws, skipping the cell itself."""
    from linewatch.core.hotspots.getis_ord import KERNELS
    from linewatch.core.hotspots.randomisation import distinct_draws

    y = counts.ravel()
    ny, nx = counts.shape
    kernel = KERNELS[contiguity]
    n = y.size
    k = np.zeros(n, dtype=int)
    observed = np.zeros(n)
    for i in range(ny):
        for j in range(nx):
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    a, b = i + di, j + dj
                    if (di or dj) and 0 <= a < ny and 0 <= b < nx and kernel[di + 1, dj + 1]:
                        k[i * nx + j] += 1
                        observed[i * nx + j] += counts[a, b]
    rng = np.random.default_rng(gi_seed)
    draws = distinct_draws(rng, n, permutations, int(k.max()) + 1)
    larger = np.zeros(n, dtype=int)
    smaller = np.zeros(n, dtype=int)
    for cell in range(n):
        for row in draws:
            others = [d for d in row if d != cell][: k[cell]]
            larger[cell] += y[others].sum() >= observed[cell]
            smaller[cell] += y[others].sum() <= observed[cell]
    return larger, smaller


@pytest.mark.parametrize("contiguity", ["queen", "rook"])
def test_pseudo_p_values_count_random_neighbourhoods_as_documented(contiguity: str) -> None:
    rng = np.random.default_rng(4)
    counts = rng.poisson(0.8, (7, 9)).astype(float)
    counts[2:4, 3:5] += 5
    gi = getis_ord_gi_star(counts, contiguity=contiguity, permutations=199, seed=11)
    larger, smaller = brute_force_counts(counts, 11, 199, contiguity)
    assert gi.p_sim is not None
    assert gi.p_sim_high is not None
    assert gi.p_sim_low is not None
    np.testing.assert_array_equal(gi.p_sim.ravel(), (np.minimum(larger, 199 - larger) + 1) / 200)
    np.testing.assert_array_equal(gi.p_sim_high.ravel(), (larger + 1) / 200)
    np.testing.assert_array_equal(gi.p_sim_low.ravel(), (smaller + 1) / 200)


def test_a_busy_cell_among_empty_ones_is_not_a_permutation_hot_spot() -> None:
    # Its own count is fixed under conditional randomisation and no random neighbourhood can
    # be emptier than its own, so esda's folded p_sim calls it extreme; the one-sided test
    # of "hotter than chance" does not.
    counts = np.zeros((30, 30))
    counts[15, 15] = 6
    counts[2, 2] = counts[27, 5] = counts[5, 25] = 1
    gi = getis_ord_gi_star(counts, permutations=999, seed=1)
    assert gi.p_sim is not None
    assert gi.p_sim_high is not None
    assert gi.p_sim[15, 15] == pytest.approx(1 / 1000)
    assert gi.p_sim_high[15, 15] == 1.0
    assert not hot_cells(gi)[15, 15]


def test_a_cell_with_no_neighbours_is_never_significant_by_permutation() -> None:
    counts = np.array([[5.0, 0.0, 1.0], [0.0, 0.0, 0.0], [1.0, 0.0, 2.0]])
    area = np.array([[True, False, True], [False, False, False], [True, False, True]])
    gi = getis_ord_gi_star(counts, permutations=99, study_area=area, contiguity="rook")
    assert gi.p_sim is not None
    assert (gi.p_sim[area] == 1.0).all()
    assert not hot_cells(gi).any()


def test_pseudo_p_values_agree_with_esda_within_monte_carlo_error() -> None:
    counts = clustered_counts()
    gi = getis_ord_gi_star(counts, permutations=999, seed=3)
    theirs = esda_gi_star(counts, rook=False, permutations=999, seed=3)
    assert gi.p_sim is not None
    difference = np.abs(gi.p_sim.ravel() - theirs.p_sim)
    # Each is a Monte Carlo estimate from 999 draws: standard error at most 0.016.
    assert np.quantile(difference, 0.95) < 0.035
    assert difference.max() < 0.08


def test_the_same_seed_gives_the_same_pseudo_p_values() -> None:
    counts = clustered_counts()
    a = getis_ord_gi_star(counts, permutations=99, seed=7).p_sim
    b = getis_ord_gi_star(counts, permutations=99, seed=7).p_sim
    assert a is not None
    assert b is not None
    np.testing.assert_array_equal(a, b)


def test_hot_cells_find_the_planted_cluster_and_little_else() -> None:
    counts = clustered_counts()
    # With FDR over 744 cells, 999 permutations cannot reach a small enough p (>= 2/1000).
    for permutations in (0, 9999):
        gi = getis_ord_gi_star(counts, permutations=permutations, seed=2)
        hot = hot_cells(gi)
        assert hot[6:8, 7:9].all()
        outside = hot.copy()
        outside[4:10, 5:11] = False
        outside[14:18, 19:24] = False
        assert outside.sum() <= 2


def test_fdr_is_never_looser_than_testing_each_cell_alone() -> None:
    rng = np.random.default_rng(9)
    for _ in range(5):
        counts = rng.poisson(1.0, (30, 30)).astype(float)
        gi = getis_ord_gi_star(counts)
        fdr, single = hot_cells(gi), hot_cells(gi, correction="none")
        assert not (fdr & ~single).any()


def test_random_counts_give_few_hot_cells_under_fdr() -> None:
    rng = np.random.default_rng(10)
    counts = rng.poisson(2.0, (40, 40)).astype(float)
    assert hot_cells(getis_ord_gi_star(counts)).sum() <= 3


def test_hot_cells_rejects_a_bad_alpha_or_correction() -> None:
    gi = getis_ord_gi_star(clustered_counts())
    with pytest.raises(HotspotInputError, match="alpha"):
        hot_cells(gi, alpha=5)
    with pytest.raises(HotspotInputError, match="correction"):
        hot_cells(gi, correction="bonferroni")
