"""Dates of birth as agencies write them come apart into the same year, month and day."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.linking.dates import DobParts, parse_dob

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))


@given(births)
def test_every_full_format_gives_the_same_parts(day: date) -> None:
    expected = DobParts(day.year, day.month, day.day)
    written = [
        day.isoformat(),
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d-%m-%Y}",
        f"{day:%d.%m.%Y}",
        f"{day:%Y%m%d}",
        f"{day.isoformat()}T10:15:00",
        f"{day.isoformat()} 10:15",
    ]
    assert {parse_dob(text) for text in written} == {expected}
    assert parse_dob(day.isoformat()).iso == day.isoformat()


@given(births)
def test_partial_dates_keep_the_parts_that_were_written(day: date) -> None:
    assert parse_dob(f"{day.month:02d}/{day.year}") == DobParts(day.year, day.month)
    assert parse_dob(f"{day.year}-{day.month:02d}") == DobParts(day.year, day.month)
    assert parse_dob(str(day.year)) == DobParts(day.year)
    assert parse_dob(str(day.year)).iso is None


@given(births.filter(lambda d: d.day > 12))
def test_a_us_order_date_is_read_the_right_way_round(day: date) -> None:
    assert parse_dob(f"{day.month:02d}/{day.day:02d}/{day.year}") == DobParts(
        day.year, day.month, day.day
    )


@given(st.text(max_size=30))
def test_any_text_gives_parts_or_nothing_never_an_error(text: str) -> None:
    parts = parse_dob(text)
    if parts.month is not None:
        assert 1 <= parts.month <= 12
        assert parts.year is not None
    if parts.day is not None:
        assert parts.month is not None
        assert 1 <= parts.day <= 31


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/02/2007", DobParts(2007, 2)),  # no such day: keep what is sure
        ("03/11/07", DobParts(2007, 11, 3)),
        ("03/11/45", DobParts(1945, 11, 3)),
        ("unknown", DobParts()),
        ("", DobParts()),
    ],
)
def test_awkward_dates(text: str, expected: DobParts) -> None:
    assert parse_dob(text) == expected
