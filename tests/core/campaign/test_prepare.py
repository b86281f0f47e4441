"""Preparing a contact list: every row eligible or removed for exactly one reason."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linewatch.core.campaign import REASONS, ContactFileError, parse_contact_text, prepare


def _csv(*rows: str, header: str = "phone,name") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_duplicates_in_any_format_are_removed_keeping_the_first() -> None:
    contacts = parse_contact_text(_csv("07700 900123,Gaz", "+447700900123,G", "7700900123,x"), "c")
    result = prepare(contacts)
    assert len(result.eligible) == 1
    assert result.eligible[0].row == 2
    assert result.eligible[0].columns == {"name": "Gaz"}
    assert result.removed["duplicate"] == 2


def test_excluded_numbers_match_in_any_format() -> None:
    contacts = parse_contact_text(_csv("07700 900123,a", "07700 900124,b"), "c")
    exclude = parse_contact_text(_csv("+44 7700 900124", header="Phone"), "x", need_rows=False)
    result = prepare(contacts, [exclude])
    assert [e.e164 for e in result.eligible] == ["+447700900123"]
    assert result.removed["excluded"] == 1


def test_invalid_rows_are_listed_with_their_row_and_reason() -> None:
    contacts = parse_contact_text(_csv("07700 900123,a", "not a number,b"), "c")
    result = prepare(contacts)
    assert result.as_json()["rejected_rows"] == [
        {"row": 3, "field": "phone", "reason": "'not a number' is not a valid phone number"}
    ]


def test_database_checks_remove_numbers_in_the_documented_order() -> None:
    contacts = parse_contact_text(
        _csv("07700 900001,a", "07700 900002,b", "07700 900003,c", "07700 900004,d"), "c"
    )

    def screening(numbers: frozenset[str]) -> Mapping[str, Iterable[str]]:
        assert "+447700900004" in numbers
        return {
            "opted_out": ["+447700900001"],
            "known_child": ["+447700900001", "+447700900002"],
            "do_not_contact": ["+447700900003"],
        }

    result = prepare(contacts, screening=screening)
    assert result.removed["opted_out"] == 1  # not counted again as a child
    assert result.removed["known_child"] == 1
    assert result.removed["do_not_contact"] == 1
    assert [e.e164 for e in result.eligible] == ["+447700900004"]
    assert result.as_json()["database_checks"] is True


def test_without_a_screening_the_result_says_the_database_checks_were_skipped() -> None:
    result = prepare(parse_contact_text(_csv("07700 900123,a"), "c"), database_note="no db")
    shape = result.as_json()
    assert shape["database_checks"] is False
    assert set(shape["removed"]) == set(REASONS)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "list.csv is empty"),
        (b"tel,name\n1,2\n", "list.csv has no 'phone' column"),
        (b"phone\n", "list.csv has a header but no contacts"),
        (b"phone\n\xff\n", "list.csv is not UTF-8"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(data: bytes, expected: str) -> None:
    with pytest.raises(ContactFileError, match=re.escape(expected)):
        parse_contact_text(data, "list.csv")


PHONES = st.one_of(
    st.from_regex(r"07700 900[0-9]{3}", fullmatch=True),
    st.from_regex(r"\+447700900[0-9]{3}", fullmatch=True),
    st.from_regex(r"0116 496 0[0-9]{3}", fullmatch=True),
    st.text(alphabet="abc123", max_size=6),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PHONES, min_size=1, max_size=40), st.lists(PHONES, max_size=10))
def test_every_row_is_counted_once(phones: list[str], excluded: list[str]) -> None:
    contacts = parse_contact_text(_csv(*(f'"{p}",x' for p in phones)), "c")
    exclude = parse_contact_text(
        _csv(*(f'"{p}"' for p in excluded), header="phone"), "x", need_rows=False
    )
    shape = prepare(contacts, [exclude]).as_json()
    assert shape["input_rows"] == len(contacts.rows)
    assert shape["eligible"] + sum(shape["removed"].values()) == shape["input_rows"]
    assert len(shape["rejected_rows"]) == shape["removed"]["invalid"]


def test_a_semicolon_separated_file_is_read_too() -> None:
    contacts = parse_contact_text(b"name;phone\nGaz;07700 900123\n", "c")
    assert prepare(contacts).eligible[0].columns == {"name": "Gaz"}
