"""Things that look like entities to a naive pattern and must not be suggested."""

from __future__ import annotations

import pytest

from linewatch.core.extraction import extract, find_people, find_phones, find_vrms

NOTHING = [
    "Seen on 12/03/2024 at 14:30 and again 2024-03-12 09:15:00.",
    "Dates 01.03.2024, 1 March 2024, 10.03.24 and the 2020-2024 period.",
    "Cash seized £1,250.00 and £7700900123 in notes; $15,000; €2.500.",
    "Case references LE/ASB/2020/000123, CR-2023-004512 and URN 20LE0123456.",
    "Occurrence 123456789 and log 0045 of 12 June.",
    "Leicester Road and Ashby Road were closed; Market Harborough station busy.",
    "Police attended. Male youth left in a Ford Fiesta. Vauxhall CORSA parked.",
    "Seen in car AND 123 people were there; room 101.",
    "Traffic on the A1 and M1 near junction 21.",
    "Texting 'shots' and 'food' to users.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_nothing_is_suggested(text: str) -> None:
    assert extract(text) == []


def test_postcodes_are_not_read_as_plates() -> None:
    text = "seen at LE11 3TU, vehicle LE11 3TU, reg LE1 5BN"
    assert find_vrms(text) == []
    assert [s.kind for s in extract(text)] == ["postcode", "postcode", "postcode"]


def test_street_names_are_not_people() -> None:
    for text in ("Leicester Road", "Kevin Smith Road", "Victoria Park Road", "Charles Street"):
        assert find_people(text) == [], text


def test_places_are_not_people() -> None:
    assert find_people("from Melton Mowbray to Market Harborough via Coalville") == []


def test_numbers_glued_to_letters_are_not_phones() -> None:
    assert find_phones("IMEI35123456789012 and ABC07700900123 and 07700900123X") == []


def test_short_digit_groups_are_not_phones() -> None:
    assert find_phones("aged 15, 16 and 17; 3 of 4; 2 x 10 bags; 0116") == []
