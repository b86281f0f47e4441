"""Properties of extraction over generated text (hypothesis)."""

from __future__ import annotations

import phonenumbers
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from linewatch.core.extraction import extract, resolve

FILLER_WORDS = st.lists(
    st.sampled_from(
        ["seen", "at", "the", "shop", "with", "male", "youth", "deal", "line", "on", "and",
         "texting", "users", "cash", "was", "near", "park", "late", "—", "(", ")", ";", ":"]
    ),
    max_size=12,
).map(" ".join)  # fmt: skip

STYLES = [
    lambda n: f"0{n[:4]} {n[4:]}",  # 07700 900123
    lambda n: f"0{n}",  # 07700900123
    lambda n: f"+44 {n[:4]} {n[4:]}",  # +44 7700 900123
    lambda n: f"+44{n}",  # +447700900123
    lambda n: f"+44 (0){n[:4]} {n[4:]}",  # +44 (0)7700 900123
    lambda n: f"0{n[:3]} {n[3:7]} {n[7:]}",  # 0770 0900 123
    lambda n: f"0{n[:4]}-{n[4:7]}-{n[7:]}",  # 07700-900-123
    lambda n: f"00 44 {n[:4]} {n[4:]}",  # 00 44 7700 900123
]


@st.composite
def uk_mobiles(draw: st.DrawFn) -> str:
    """A national number (no 0) that libphonenumber calls a valid UK mobile, or a drama one."""
    drama = draw(st.booleans())
    if drama:
        return "7700900" + draw(st.from_regex(r"\A[0-9]{3}\Z"))
    national = "7" + draw(st.from_regex(r"\A[0-9]{9}\Z"))
    number = phonenumbers.parse("+44" + national)
    assume(phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE)
    assume(phonenumbers.is_valid_number(number))
    return national


@given(uk_mobiles(), st.integers(0, len(STYLES) - 1), FILLER_WORDS, FILLER_WORDS)
@settings(max_examples=300, deadline=None)
def test_any_uk_mobile_in_any_style_is_found(
    national: str, style: int, before: str, after: str
) -> None:
    written = STYLES[style](national)
    text = f"{before} {written} {after}"
    phones = [s for s in extract(text) if s.kind == "phone"]
    assert [(s.text, s.value) for s in phones] == [(written, "+44" + national)]
    assert text[phones[0].start : phones[0].end] == written


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_extract_never_raises_and_offsets_slice_back(text: str) -> None:
    for suggestion in extract(text):
        assert text[suggestion.start : suggestion.end] == suggestion.text
        assert 0.0 <= suggestion.confidence <= 1.0


REPORTISH = st.lists(
    st.sampled_from(
        ["Jayden", "SMITH", "Kev", "aka", "known as", "'Jay'", "14", "12a", "Flat", "3,",
         "Elm", "Street", "Road", "Loughborough", "LE11", "5DX", "le11 5dx", "AB12", "CDE",
         "reg", "VRM", "07700", "900123", "+44", "7700", "(0116)", "496", "0123", "/", ",",
         ".", "£250", "12/03/2024", "14:30", "<b>", "</b>", "&amp;", "\n", "Mr", "Patel"]
    ),
    max_size=60,
).map(" ".join)  # fmt: skip


@given(REPORTISH)
@settings(max_examples=300, deadline=None)
def test_report_like_text_gives_sorted_non_overlapping_suggestions(text: str) -> None:
    found = extract(text)
    assert found == sorted(found, key=lambda s: (s.start, -s.end))
    for i, a in enumerate(found):
        assert text[a.start : a.end] == a.text
        for b in found[i + 1 :]:
            if a.overlaps(b):
                assert {a.kind, b.kind} == {"address", "postcode"}
    assert resolve(found) == found  # idempotent
