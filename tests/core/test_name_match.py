"""Fuzzy name matching finds spelling variants and never crashes on any input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.name_match import fuzzy_matches, name_score

RECORDS = [
    (1, "jayden smith | jay"),
    (2, "jaydon smyth"),
    (3, "kevin o'brien | kev"),
    (4, "aaliyah jackson"),
]


def test_spelling_variants_and_word_order_match() -> None:
    assert [pk for pk, _ in fuzzy_matches("Jayden Smyth", RECORDS)] == [1, 2]
    assert next(pk for pk, _ in fuzzy_matches("SMITH, Jayden", RECORDS)) == 1
    assert [pk for pk, _ in fuzzy_matches("Kevin OBrien", RECORDS)] == [3]


def test_different_people_do_not_match() -> None:
    assert fuzzy_matches("Aaron Jones", RECORDS) == []


def test_an_alias_counts_as_a_name() -> None:
    assert name_score("kev", "kevin o'brien | kev") == 100


@given(st.text(max_size=60), st.text(max_size=120))
def test_scores_are_bounded_and_never_raise(query: str, recorded: str) -> None:
    assert 0 <= name_score(query, recorded) <= 100


@given(st.lists(st.text(alphabet="abcdefghij", min_size=2, max_size=8), min_size=1, max_size=3))
def test_word_order_does_not_matter(words: list[str]) -> None:
    recorded = " ".join(words)
    assert name_score(" ".join(reversed(words)), recorded) == 100
