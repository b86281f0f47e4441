"""Phone numbers as people write them, normalised the way libphonenumber would."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linewatch.core.campaign import check_number, check_number_slowly

SAME_MOBILE = [
    "07700 900123",
    "+447700900123",
    "7700900123",
    "00447700900123",
    "0044 7700 900123",
    "447700900123",
    "+44 (0)7700 900123",
    "(07700) 900123",
    "07700-900-123",
    "07700.900.123",
    " 07700900123 ",
]


@pytest.mark.parametrize("written", SAME_MOBILE)
def test_every_common_way_of_writing_a_uk_mobile_gives_one_e164(written: str) -> None:
    checked = check_number(written)
    assert checked.valid
    assert checked.e164 == "+447700900123"
    assert checked.mobile


def test_a_landline_is_valid_but_not_mobile() -> None:
    checked = check_number("0116 249 6000")
    assert checked.valid
    assert checked.e164 == "+441162496000"
    assert not checked.mobile


@pytest.mark.parametrize("written", ["", "abc", "123", "07700 9001", "+44 12"])
def test_what_is_not_a_number_says_so(written: str) -> None:
    checked = check_number(written)
    assert not checked.valid
    assert checked.problem


def test_an_international_mobile_is_kept_in_e164() -> None:
    assert check_number("+33 6 12 34 56 78").e164 == "+33612345678"


def _uk_numbers() -> st.SearchStrategy[str]:
    national = st.from_regex(r"7[0-9]{9}|1[0-9]{9}|2[0-9]{9}|3[0-9]{9}|8[0-9]{8,9}", fullmatch=True)

    def write(nsn: str, style: int) -> str:
        zero = "0" + nsn
        return [
            zero,
            "+44" + nsn,
            "0044" + nsn,
            f"{zero[:5]} {zero[5:]}",
            f"+44 (0){nsn[:4]} {nsn[4:]}",
            f"({zero[:5]}) {zero[5:]}",
            f"{zero[:5]}-{zero[5:8]}-{zero[8:]}",
            nsn,
            "44" + nsn,
        ][style]

    return st.builds(write, national, st.integers(0, 8))


@settings(max_examples=400, deadline=None)
@given(_uk_numbers())
def test_the_fast_path_agrees_with_phonenumbers(written: str) -> None:
    assert check_number(written) == check_number_slowly(written)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 +-()./#x", max_size=20))
def test_any_text_gets_an_answer_and_the_same_one_both_ways(written: str) -> None:
    fast, slow = check_number(written), check_number_slowly(written)
    assert fast.valid == slow.valid
    if fast.valid:
        assert fast.e164 == slow.e164
        assert fast.mobile == slow.mobile
