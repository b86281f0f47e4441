"""The exact conditional Poisson test behind "more than noise"."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from linewatch.core.trends import MORE_THAN_NOISE, WITHIN_NORMAL_VARIATION, compare_counts

counts = st.integers(0, 5000)


def test_a_doubling_of_forty_is_more_than_noise_but_a_wobble_is_not() -> None:
    assert compare_counts(80, 40).verdict == MORE_THAN_NOISE
    assert compare_counts(22, 20).verdict == WITHIN_NORMAL_VARIATION
    assert compare_counts(3, 1).verdict == WITHIN_NORMAL_VARIATION  # small numbers shout


def test_p_value_is_scipys_binomial_test_with_the_share_of_days() -> None:
    change = compare_counts(30, 18, current_days=92, baseline_days=90)
    expected = binomtest(30, 48, 92 / 182).pvalue
    assert math.isclose(change.p_value, expected, rel_tol=1e-12)


def test_words() -> None:
    assert compare_counts(25, 20).words == "up 25% (from 20)"
    assert compare_counts(15, 20).words == "down 25% (from 20)"
    assert compare_counts(3, 0).words == "up 3 (from 0)"
    assert compare_counts(7, 7).words == "no change"


def test_two_zeros_are_no_evidence_of_change() -> None:
    change = compare_counts(0, 0)
    assert change.p_value == 1.0
    assert change.verdict == WITHIN_NORMAL_VARIATION


def test_rejects_negative_counts_and_empty_periods() -> None:
    with pytest.raises(ValueError, match="negative"):
        compare_counts(-1, 3)
    with pytest.raises(ValueError, match="positive"):
        compare_counts(1, 3, current_days=0)


@given(counts, counts)
def test_p_value_is_a_probability_and_symmetric(a: int, b: int) -> None:
    forward, backward = compare_counts(a, b), compare_counts(b, a)
    assert 0.0 <= forward.p_value <= 1.0
    assert math.isclose(forward.p_value, backward.p_value, rel_tol=1e-9, abs_tol=1e-300)
    assert forward.difference == -backward.difference


@given(st.integers(0, 600), st.integers(0, 600), st.sampled_from([1.0, 90.0, 91.0, 92.0]))
def test_p_value_equals_scipys_binomtest(a: int, b: int, days: float) -> None:
    if a + b == 0:
        return
    share = days / (days + 92.0)
    change = compare_counts(a, b, current_days=days, baseline_days=92.0)
    assert math.isclose(change.p_value, binomtest(a, a + b, share).pvalue, abs_tol=1e-9)


@given(st.integers(1, 2000))
def test_equal_counts_are_never_more_than_noise(n: int) -> None:
    assert compare_counts(n, n).verdict == WITHIN_NORMAL_VARIATION


@given(st.integers(0, 300), st.integers(0, 300))
def test_a_bigger_gap_is_never_less_significant(a: int, b: int) -> None:
    if a >= b:
        assert compare_counts(a + 1, b).p_value <= compare_counts(a, b).p_value + 1e-12
