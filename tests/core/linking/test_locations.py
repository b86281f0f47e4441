"""Locations resolve by UPRN, else standardised address and postcode; near misses go to review."""

from __future__ import annotations

from linewatch.core.linking.locations import LocationRecord as L
from linewatch.core.linking.locations import resolve_locations


def test_address_and_postcode_in_any_spelling_are_one_place() -> None:
    result = resolve_locations(
        [
            L(1, "14 Rosebery Street, Loughborough", "LE11 5DX"),
            L(2, "14 ROSEBERY ST LOUGHBOROUGH", "le115dx"),
            L(3, "14, Rosebery St., Loughborough", "LE11 5DX"),
            L(4, "16 Rosebery Street, Loughborough", "LE11 5DX"),  # next door
            L(5, "Flat 2, 14 Rosebery Street, Loughborough", "LE11 5DX"),  # a flat in it
        ]
    )
    assert result.groups() == {1: [1, 2, 3]}
    assert result.rule_of[2] == "address and postcode"


def test_uprn_joins_different_text_and_different_uprns_never_join() -> None:
    result = resolve_locations(
        [
            L(1, "The Flat above the Chip Shop", "LE1 1AA", uprn="100030560111"),
            L(2, "1A High Street", "LE1 1AA", uprn="100030560111"),
            L(3, "3 High Street", "LE1 1AA", uprn="100030560333"),
            L(4, "3 High Street", "LE1 1AA", uprn="100030560334"),  # same text, other UPRN
        ]
    )
    assert result.groups() == {1: [1, 2]}
    assert result.rule_of[1] == "UPRN exact"
    assert result.entity_of[3] != result.entity_of[4]


def test_an_address_without_postcode_joins_only_when_one_postcode_has_it() -> None:
    result = resolve_locations(
        [
            L(1, "9 Meadow Lane", "LE11 1AB"),
            L(2, "9 Meadow Ln", ""),  # only LE11 1AB has it
            L(3, "2 Church Street", "LE12 9XX"),
            L(4, "2 Church Street", "LE67 3YY"),  # two towns have a Church Street
            L(5, "2 Church St", ""),
            L(6, "", "LE11 1AB"),  # a postcode alone is not a place
        ]
    )
    assert result.groups() == {1: [1, 2]}
    assert len({result.entity_of[pk] for pk in (3, 4, 5, 6)}) == 4


def test_near_misses_go_to_review_and_decisions_override() -> None:
    records = [
        L(1, "14 Rosebery Street", "LE11 5DX"),
        L(2, "14 Roseberry Street", "LE11 5DX"),  # misspelt street, same number and postcode
        L(3, "22 Ashby Road", "LE11 3TU"),
        L(4, "22 Ashby Road", "LE11 3TW"),  # postcode one character out
        L(5, "14 Ashby Road", "LE11 5DX"),  # same number and postcode, another street
    ]
    result = resolve_locations(records)
    assert result.groups() == {}
    pairs = {(r.left, r.right): r.reason for r in result.review}
    assert set(pairs) == {(1, 2), (3, 4)}
    assert "street 'roseberry street' ~ 'rosebery street'" in pairs[(1, 2)]
    decided = resolve_locations(records, decisions={(1, 2): True, (3, 4): False})
    assert decided.groups() == {1: [1, 2]}
    assert decided.review == []


def test_a_town_appended_is_the_same_place_but_a_street_word_is_not() -> None:
    result = resolve_locations(
        [
            L(1, "14 Hobill Close", "LE2 7AB"),
            L(2, "14 Hobill Close, Leicester", "LE2 7AB"),
            L(3, "14 Hobill Close, Leicester", "LE3 1XX"),  # another postcode: not joined
            L(4, "9 Main St", "LE7 1AA"),
            L(5, "9 Main Street East", "LE7 1AA"),  # another street, not a town
            L(6, "9 Main Street East, Goscote", "LE7 1AA"),
        ]
    )
    assert result.groups() == {1: [1, 2], 5: [5, 6]}
    assert result.rule_of[2] == "address and postcode, town appended"
