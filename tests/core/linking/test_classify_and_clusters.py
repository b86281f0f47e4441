"""Thresholds turn probabilities into outcomes; analysts' decisions override the model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.linking import classify
from linewatch.core.linking.clustering import cluster

probabilities = st.floats(min_value=0.0, max_value=1.0)


@pytest.mark.parametrize(
    ("probability", "outcome"),
    [(0.95, "link"), (0.9999, "link"), (0.949, "review"), (0.5, "review"), (0.4999, "no_link")],
)
def test_classify_at_the_thresholds(probability: float, outcome: str) -> None:
    assert classify(probability, auto_link=0.95, review_floor=0.5) == outcome


@given(probabilities, probabilities, probabilities)
def test_classify_is_monotonic(p: float, a: float, b: float) -> None:
    floor, auto = sorted((a, b))
    outcome = classify(p, auto, floor)
    order = ["no_link", "review", "link"]
    higher = classify(min(1.0, p + 0.01), auto, floor)
    assert order.index(higher) >= order.index(outcome)


def test_classify_rejects_thresholds_the_wrong_way_round() -> None:
    with pytest.raises(ValueError, match="review_floor"):
        classify(0.7, auto_link=0.5, review_floor=0.9)


IDS = ["a", "b", "c", "d"]


def test_links_join_records() -> None:
    entity_of, conflicts = cluster(IDS, [("a", "b", 0.99), ("b", "c", 0.97)], {})
    assert entity_of == {"a": "a", "b": "a", "c": "a", "d": "d"}
    assert conflicts == []


def test_a_rejected_pair_is_never_joined_even_through_a_chain() -> None:
    links = [("a", "b", 0.99), ("b", "c", 0.97)]
    entity_of, _ = cluster(IDS, links, {("a", "c"): False})
    assert entity_of["a"] != entity_of["c"]
    assert entity_of["a"] == entity_of["b"]  # the stronger link wins


def test_a_rejected_pair_overrides_its_own_link() -> None:
    entity_of, _ = cluster(IDS, [("a", "b", 0.999)], {("a", "b"): False})
    assert entity_of["a"] != entity_of["b"]


def test_a_confirmed_pair_joins_without_any_model_link() -> None:
    entity_of, _ = cluster(IDS, [], {("c", "d"): True})
    assert entity_of["c"] == entity_of["d"] == "c"


def test_confirmations_that_join_a_rejected_pair_are_reported() -> None:
    decisions = {("a", "b"): True, ("b", "c"): True, ("a", "c"): False}
    entity_of, conflicts = cluster(IDS, [], decisions)
    assert entity_of["a"] == entity_of["c"]
    assert conflicts == [("a", "c")]


def test_existing_entities_keep_their_ids_and_are_not_merged_by_the_model() -> None:
    existing = {"a": "E1", "b": "E2"}
    links = [("a", "c", 0.99), ("b", "c", 0.98)]
    entity_of, _ = cluster(["a", "b", "c"], links, {}, existing)
    assert entity_of == {"a": "E1", "b": "E2", "c": "E1"}


@given(st.permutations(["a", "b", "c", "d"]))
def test_clusters_do_not_depend_on_record_order(order: list[str]) -> None:
    links = [("a", "b", 0.99), ("c", "d", 0.96)]
    entity_of, _ = cluster(order, links, {("b", "c"): False})
    assert entity_of == {"a": "a", "b": "a", "c": "c", "d": "c"}
