"""link_persons / link_new_persons on synthetic UK people with known duplicates."""

from __future__ import annotations

import pytest

from linewatch.core.linking import LinkResult, PersonRecord, link_new_persons, link_persons

from .people import population

RECORDS, TRUTH = population()


@pytest.fixture(scope="module")
def result() -> LinkResult:
    return link_persons(RECORDS)


def _same(result: LinkResult, left: str, right: str) -> bool:
    return result.entity_of[left] == result.entity_of[right]


def test_every_record_gets_an_entity_and_a_probability(result: LinkResult) -> None:
    ids = {record.record_id for record in RECORDS}
    assert set(result.entity_of) == ids == set(result.best_probability)
    assert all(0.0 <= p <= 1.0 for p in result.best_probability.values())


def test_duplicates_with_uk_noise_are_linked_and_distinct_people_are_not(
    result: LinkResult,
) -> None:
    duplicates = [record_id for record_id in TRUTH if record_id.startswith("B")]
    linked = [d for d in duplicates if _same(result, d, "A" + d[1:])]
    assert len(linked) >= len(duplicates) - 2, sorted(set(duplicates) - set(linked))
    wrongly_joined = [
        (a, b)
        for a in TRUTH
        for b in TRUTH
        if a < b and TRUTH[a] != TRUTH[b] and _same(result, a, b)
    ]
    assert wrongly_joined == []


def test_pairs_say_what_drove_the_score(result: LinkResult) -> None:
    pair = next(p for p in result.pairs if {p.left_id, p.right_id} == {"A000", "B000"})
    assert pair.left_id < pair.right_id
    assert pair.comparisons["first_name"] == "nickname or known form"  # Jay / Jayden etc.
    assert set(pair.weights) == set(pair.comparisons)
    assert pair.weights["dob"] > 0
    assert all(p.probability >= 0.05 for p in result.pairs)


def test_the_same_input_gives_the_same_result(result: LinkResult) -> None:
    again = link_persons(list(reversed(RECORDS)))
    assert again.entity_of == result.entity_of
    assert {(p.left_id, p.right_id) for p in again.pairs} == {
        (p.left_id, p.right_id) for p in result.pairs
    }


def test_decisions_override_the_model(result: LinkResult) -> None:
    linked = next(p for p in result.pairs if p.probability >= 0.95)
    strangers = ("A070", "A071")
    decided = link_persons(
        RECORDS, decisions={(linked.right_id, linked.left_id): False, strangers: True}
    )
    assert decided.entity_of[linked.left_id] != decided.entity_of[linked.right_id]
    assert decided.entity_of["A070"] == decided.entity_of["A071"]
    assert decided.best_probability["A070"] == 1.0


def test_blank_records_and_tiny_inputs_stand_alone() -> None:
    assert link_persons([]).entity_of == {}
    tiny = link_persons([PersonRecord("x", "Jay", "Smith"), PersonRecord("y")])
    assert tiny.entity_of == {"x": "x", "y": "y"}
    assert tiny.best_probability == {"x": 0.0, "y": 0.0}
    blank = link_persons([*RECORDS, PersonRecord("blank-1"), PersonRecord("blank-2")])
    assert blank.entity_of["blank-1"] == "blank-1"
    assert blank.entity_of["blank-2"] == "blank-2"


def test_repeated_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="repeated: 'a'"):
        link_persons([PersonRecord("a"), PersonRecord("a")])


def test_new_records_join_existing_entities(result: LinkResult) -> None:
    existing = [r for r in RECORDS if r.record_id != "B001"]
    base = {k: f"E-{v}" for k, v in result.entity_of.items() if k != "B001"}
    newcomer = next(r for r in RECORDS if r.record_id == "B001")
    stranger = PersonRecord("N1", "Quentin", "Zebedee", dob="1931-01-01", postcode="LE1 1AA")
    incremental = link_new_persons(existing, base, [newcomer, stranger], model=result.model)
    assert incremental.entity_of["B001"] == base["A001"]
    assert incremental.entity_of["N1"] == "N1"
    assert all(incremental.entity_of[k] == v for k, v in base.items())
    assert all(
        "B001" in (p.left_id, p.right_id) or "N1" in (p.left_id, p.right_id)
        for p in incremental.pairs
    )


def test_new_records_without_a_stored_model_are_trained_once() -> None:
    existing = RECORDS[:60]
    base = link_persons(existing)
    incremental = link_new_persons(existing, base.entity_of, RECORDS[60:])
    assert set(incremental.entity_of) == {r.record_id for r in RECORDS}
    assert incremental.model is not None
