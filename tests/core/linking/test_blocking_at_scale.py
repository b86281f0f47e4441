"""Blocking that stays bounded on big inputs, and training on a sample of a big input."""

from __future__ import annotations

import pandas as pd
import pytest
from splink import block_on

from linewatch.core.linking import link_persons, pipeline
from linewatch.core.linking.person_blocking import blocking_rules, pair_count, refine_keys
from linewatch.core.linking.standardise import standardise_records

from .people import population


def _sql(rule: object) -> str:
    return rule if isinstance(rule, str) else rule.get_blocking_rule("duckdb").blocking_rule_sql  # type: ignore[attr-defined]


def test_pair_count_counts_agreeing_pairs_and_never_pairs_nulls() -> None:
    frame = pd.DataFrame(
        {"a": ["x", "x", "x", "y", "y", None, None], "b": ["1", "1", "2", "3", "3", "4", "4"]},
        dtype="object",
    )
    assert pair_count(frame, ["a"]) == 3 + 1  # three x's, two y's, nulls apart
    assert pair_count(frame, ["a", "b"]) == 1 + 1
    assert pair_count(frame, ["b"]) == 1 + 1 + 1


def test_a_rule_over_budget_is_narrowed_by_a_key_that_halves_it() -> None:
    # 40 records share a surname key and year; initials split them into 4 groups of 10.
    frame = pd.DataFrame(
        {
            "surname_key": ["S53"] * 40,
            "dob_year": ["1990"] * 40,
            "first_initial": [c for c in "abcd" for _ in range(10)],
            "surname_initial": ["s"] * 40,  # implied by the key: it would not halve anything
        },
        dtype="object",
    )
    assert pair_count(frame, ["surname_key", "dob_year"]) == 780
    assert refine_keys(["surname_key", "dob_year"], frame, budget=1000) == (
        "surname_key",
        "dob_year",
    )
    assert refine_keys(["surname_key", "dob_year"], frame, budget=200) == (
        "surname_key",
        "dob_year",
        "first_initial",
    )
    assert refine_keys(["surname_key", "dob_year"], None, budget=1) == ("surname_key", "dob_year")


def test_small_inputs_keep_the_plain_rules() -> None:
    records, _ = population()
    frame = standardise_records(records)
    fields = ["first_name", "surname", "dob", "address", "postcode", "phone"]
    assert [_sql(r) for r in blocking_rules(fields, frame)] == [
        _sql(r) for r in blocking_rules(fields)
    ]
    assert _sql(blocking_rules(fields)[0]) == _sql(block_on("surname_key", "dob_year"))


def test_training_on_a_sample_finds_the_same_people(monkeypatch: pytest.MonkeyPatch) -> None:
    records, truth = population(people=160, duplicates=48)
    whole = link_persons(records)
    monkeypatch.setattr(pipeline, "TRAIN_RECORDS", 150)
    sampled = link_persons(records)
    assert sampled.model is not None
    wrong = [r for r, e in sampled.entity_of.items() if truth[r] != truth[e]]
    assert not wrong
    linked = sum(1 for r, e in sampled.entity_of.items() if r != e)
    linked_whole = sum(1 for r, e in whole.entity_of.items() if r != e)
    assert linked >= linked_whole - 2
    assert linked >= 40
