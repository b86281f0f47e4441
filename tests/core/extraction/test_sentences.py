"""Realistic (synthetic) report sentences and exactly what the extractor suggests in them."""

from __future__ import annotations

import pytest

from linewatch.core.extraction import Suggestion, extract

Row = tuple[str, str, float]  # kind, value, confidence

SENTENCES: list[tuple[str, list[tuple[str, str, str, float]]]] = [
    (
        "Male known as 'Jay' (Jayden SMITH, 15) seen at 14 Rosebery Street, Loughborough "
        "LE11 5DX getting into silver Ford Fiesta reg AB12 CDE; deal line 07700 900123 "
        "texting 'shots' to users.",
        [
            ("person", "Jay", "Jay", 0.7),
            ("person", "Jayden SMITH", "Jayden Smith", 0.85),
            (
                "address",
                "14 Rosebery Street, Loughborough LE11 5DX",
                "14 Rosebery Street, Loughborough, LE11 5DX",
                0.95,
            ),
            ("postcode", "LE11 5DX", "LE11 5DX", 0.95),
            ("vrm", "AB12 CDE", "AB12CDE", 0.95),
            ("phone", "07700 900123", "+447700900123", 0.95),
        ],
    ),
    (
        "SMITH, Tyrone aka Kev visiting Flat 3, 24 Rose Court daily; calls from +44 7700 900456.",
        [
            ("person", "SMITH, Tyrone", "Tyrone Smith", 0.8),
            ("person", "Kev", "Kev", 0.6),
            ("address", "Flat 3, 24 Rose Court", "Flat 3, 24 Rose Court", 0.65),
            ("phone", "+44 7700 900456", "+447700900456", 0.9),
        ],
    ),
    (
        "Cuckooed address 12a Ashby Road, Loughborough. Youths on mopeds, VRM: A123 BCD.",
        [
            ("address", "12a Ashby Road, Loughborough", "12A Ashby Road, Loughborough", 0.75),
            ("vrm", "A123 BCD", "A123BCD", 0.8),
        ],
    ),
    (
        "Mrs Jo PATEL (resident) reports callers at all hours; landline (0116) 496 0123.",
        [
            ("person", "Mrs Jo PATEL", "Mrs Jo Patel", 0.9),
            ("phone", "(0116) 496 0123", "+441164960123", 0.9),
        ],
    ),
    (
        'Runner calls himself "Shotz", uses 07700900789/07700 900790 and a French number '
        "+33 6 12 34 56 78.",
        [
            ("person", "Shotz", "Shotz", 0.7),
            ("phone", "07700900789", "+447700900789", 0.9),
            ("phone", "07700 900790", "+447700900790", 0.9),
            ("phone", "+33 6 12 34 56 78", "+33612345678", 0.85),
        ],
    ),
    (
        "Texts from 7700900321 seen on handset; group active around LE11 and Shepshed.",
        [
            ("phone", "7700900321", "+447700900321", 0.6),
            (
                "postcode",
                "LE11",
                "LE11",
                0.4,
            ),
        ],
    ),
    (
        "Tyrone BLAKE stopped at 5 LEICESTER ROAD, HINCKLEY LE10 1NT in vehicle BD51 SMR.",
        [
            ("person", "Tyrone BLAKE", "Tyrone Blake", 0.85),
            (
                "address",
                "5 LEICESTER ROAD, HINCKLEY LE10 1NT",
                "5 Leicester Road, Hinckley, LE10 1NT",
                0.95,
            ),
            ("postcode", "LE10 1NT", "LE10 1NT", 0.95),
            ("vrm", "BD51 SMR", "BD51SMR", 0.95),
        ],
    ),
    (
        '<p onclick="alert(1)">Deal line <b>0770 0900 123</b> seen</p><script>x()</script>',
        [("phone", "0770 0900 123", "+447700900123", 0.95)],
    ),
]


def _rows(found: list[Suggestion]) -> list[tuple[str, str, str, float]]:
    return [(s.kind, s.text, s.value, s.confidence) for s in found]


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[s[:30] for s, _ in SENTENCES])
def test_sentence(text: str, expected: list[tuple[str, str, str, float]]) -> None:
    found = extract(text)
    assert _rows(found) == expected
    for suggestion in found:
        assert text[suggestion.start : suggestion.end] == suggestion.text
        assert suggestion.reason


def test_address_carries_its_postcode_and_the_postcode_stands_alone() -> None:
    found = extract("at 14 Rosebery Street, Loughborough LE11 5DX")
    address, postcode = found
    assert dict(address.parts)["postcode"] == postcode.value == "LE11 5DX"
    assert dict(address.parts)["town"] == "Loughborough"
    assert address.start <= postcode.start
    assert postcode.end <= address.end


def test_postcode_outside_llr_scores_lower_than_one_inside() -> None:
    outside, inside = extract("NG1 5AB then LE11 3TU")
    assert (outside.value, inside.value) == ("NG1 5AB", "LE11 3TU")
    assert outside.confidence < inside.confidence


def test_lower_case_and_unspaced_postcodes_are_normalised() -> None:
    assert [(s.value, s.confidence) for s in extract("le11 3tu or LE113TU")] == [
        ("LE11 3TU", 0.8),
        ("LE11 3TU", 0.9),
    ]


def test_unknown_forename_counts_only_with_a_surname_in_capitals() -> None:
    assert [s.value for s in extract("Zebedee KOWALSKI met Zebedee Kowalski")] == [
        "Zebedee Kowalski"
    ]


def test_title_and_surname() -> None:
    assert [(s.value, s.confidence) for s in extract("spoke to Mr Okafor at the door")] == [
        ("Mr Okafor", 0.7)
    ]


def test_quoted_given_name_alone_is_a_weak_nickname() -> None:
    assert [(s.value, s.confidence) for s in extract("messages signed 'Kev' daily")] == [
        ("Kev", 0.45)
    ]


def test_the_text_is_read_up_to_the_limit() -> None:
    text = "x " * 10_000 + "07700 900123"
    assert extract(text) == []
