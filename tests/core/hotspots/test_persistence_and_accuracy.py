"""Persistence labels across periods, and the Prediction Accuracy Index."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from linewatch.core.hotspots import (
    HotspotInputError,
    classify_persistence,
    classify_persistence_series,
    consecutive_hot_periods,
    prediction_accuracy_index,
    recapture_rate_index,
)


def test_two_periods_give_each_label() -> None:
    labels = classify_persistence([[True, True], [False, False]], [[True, False], [True, False]])
    assert labels.tolist() == [["persistent", "fading"], ["emerging", ""]]


def test_a_cell_must_be_hot_in_every_recent_period_to_be_persistent() -> None:
    history = [
        [True, False, True, True],
        [True, True, False, True],
        [True, True, True, False],
    ]
    labels = classify_persistence_series(history, persistent_periods=3)
    assert labels.tolist() == ["persistent", "emerging", "emerging", "fading"]
    assert consecutive_hot_periods(history).tolist() == [3, 2, 1, 0]


@settings(max_examples=50, deadline=None)
@given(
    previous=arrays(np.bool_, (4, 5)),
    current=arrays(np.bool_, (4, 5)),
)
def test_the_series_of_two_periods_is_the_two_period_rule(
    previous: np.ndarray, current: np.ndarray
) -> None:
    pair = classify_persistence(previous, current)
    np.testing.assert_array_equal(pair, classify_persistence_series([previous, current]))
    assert ((pair != "") == (previous | current)).all()


def test_persistence_refuses_mismatched_grids_or_too_short_a_history() -> None:
    with pytest.raises(HotspotInputError, match="differ in shape"):
        classify_persistence(np.zeros((2, 2), bool), np.zeros((3, 2), bool))
    with pytest.raises(HotspotInputError, match="at least 3"):
        classify_persistence_series([[True], [True]], persistent_periods=3)


def test_pai_is_hit_rate_over_area_share() -> None:
    hot = np.zeros((10, 10), bool)
    hot[0, :5] = True  # 5% of the area
    counts = np.zeros((10, 10))
    counts[0, 0] = 30
    counts[5, 5] = 70  # 30% of events in the hot cells
    assert prediction_accuracy_index(hot, counts) == pytest.approx(0.3 / 0.05)


def test_pai_counts_only_the_study_area() -> None:
    hot = np.array([[True, False, False, False]])
    counts = np.array([[2.0, 2.0, 0.0, 100.0]])
    area = np.array([[True, True, True, False]])
    assert prediction_accuracy_index(hot, counts, study_area=area) == pytest.approx(
        (2 / 4) / (1 / 3)
    )


@settings(max_examples=40, deadline=None)
@given(counts=arrays(np.float64, (6, 6), elements=st.integers(0, 30).map(float)))
def test_pai_of_a_random_single_cell_is_one_in_expectation(counts: np.ndarray) -> None:
    # Averaged over every cell chosen alone (a uniform random pick), PAI is exactly 1.
    if counts.sum() == 0:
        return
    values = []
    for k in range(counts.size):
        hot = np.zeros(counts.size, bool)
        hot[k] = True
        values.append(prediction_accuracy_index(hot.reshape(counts.shape), counts))
    assert np.mean(values) == pytest.approx(1.0)


def test_pai_of_random_selections_averages_about_one() -> None:
    rng = np.random.default_rng(3)
    counts = rng.poisson(np.linspace(0.1, 5, 400)).reshape(20, 20).astype(float)
    pais = [prediction_accuracy_index(rng.random((20, 20)) < 0.1, counts) for _ in range(2000)]
    assert np.nanmean(pais) == pytest.approx(1.0, abs=0.03)


def test_pai_of_every_cell_is_one_and_of_nothing_is_undefined() -> None:
    counts = np.arange(12.0).reshape(3, 4)
    assert prediction_accuracy_index(np.ones((3, 4), bool), counts) == pytest.approx(1.0)
    assert math.isnan(prediction_accuracy_index(np.zeros((3, 4), bool), counts))
    assert math.isnan(prediction_accuracy_index(np.ones((3, 4), bool), np.zeros((3, 4))))
    with pytest.raises(HotspotInputError, match="same grid"):
        prediction_accuracy_index(np.ones((3, 4), bool), np.ones((4, 3)))


def test_recapture_rate_index_compares_shares_before_and_after() -> None:
    hot = np.array([True, False])
    assert recapture_rate_index(hot, [5.0, 5.0], [8.0, 2.0]) == pytest.approx(0.8 / 0.5)
    assert math.isnan(recapture_rate_index(hot, [0.0, 5.0], [8.0, 2.0]))
