import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.geography import (
    SPECIAL_POSTCODES,
    InvalidPostcode,
    is_valid_postcode,
    normalise_postcode,
    outward_code,
    postcode_index,
)
from linewatch.core.geography.postcode_format import POSTCODE_PATTERN

valid_postcodes = st.from_regex(POSTCODE_PATTERN, fullmatch=True) | st.sampled_from(
    sorted(SPECIAL_POSTCODES)
)


@st.composite
def respelled(draw: st.DrawFn, postcode: str) -> str:
    """The same postcode in random case and with random whitespace between characters."""
    characters = [draw(st.sampled_from([c.lower(), c.upper()])) for c in postcode if c != " "]
    gaps = draw(st.lists(st.sampled_from(["", "", " ", "  ", "\t"]),
                         min_size=len(characters) + 1, max_size=len(characters) + 1))  # fmt: skip
    return "".join(g + c for g, c in zip(gaps, [*characters, ""], strict=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le113tu", "LE11 3TU"),
        ("LE1 1AA", "LE1 1AA"),
        (" le1   1aa ", "LE1 1AA"),
        ("ec1a1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("m11ae", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
        ("sthl1zz", "STHL 1ZZ"),
    ],
)
def test_normalise_known_postcodes(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected
    assert is_valid_postcode(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "LE1",
        "LE11 3T",
        "LE1 1AAA",
        "Q1 1AA",  # Q never starts a postcode
        "LJ1 1AA",  # J is never the second letter
        "LE1 1AC",  # C never appears in the inward code
        "L1I 1AA",  # I is not allowed as the third character of A9A
        "12345",
        "LE11-3TU",
    ],
)
def test_invalid_text_raises_naming_the_text(text: str) -> None:
    assert not is_valid_postcode(text)
    with pytest.raises(InvalidPostcode) as raised:
        normalise_postcode(text)
    assert repr(text) in str(raised.value)
    assert "LE11 3TU" in str(raised.value)


@given(valid_postcodes)
def test_normalising_is_idempotent(postcode: str) -> None:
    once = normalise_postcode(postcode)
    assert normalise_postcode(once) == once
    assert re.fullmatch(r"[A-Z0-9]{2,4} [0-9A-Z]{3}", once)


@given(valid_postcodes.flatmap(lambda pc: st.tuples(st.just(pc), respelled(pc))))
def test_case_and_spacing_do_not_matter(pair: tuple[str, str]) -> None:
    postcode, spelling = pair
    assert normalise_postcode(spelling) == normalise_postcode(postcode) == postcode


@given(st.text(max_size=12))
def test_arbitrary_text_is_either_normalised_or_rejected(text: str) -> None:
    try:
        normalised = normalise_postcode(text)
    except InvalidPostcode:
        assert not is_valid_postcode(text)
    else:
        assert is_valid_postcode(normalised)


def test_every_packaged_postcode_is_valid_and_normalised() -> None:
    postcodes = list(postcode_index())
    assert len(postcodes) == 22_617
    assert all(normalise_postcode(pc) == pc for pc in postcodes)


def test_outward_code() -> None:
    assert outward_code("le113tu") == "LE11"
