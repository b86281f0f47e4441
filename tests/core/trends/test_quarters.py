"""Quarters: parsing what people type, arithmetic, dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.trends import Quarter, QuarterError

quarters = st.builds(Quarter, st.integers(1950, 2900), st.integers(1, 4))


@pytest.mark.parametrize("text", ["2020Q4", "2020q4", "2020-Q4", " 2020 Q4 "])
def test_accepts_the_usual_spellings(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2020, 4)


@pytest.mark.parametrize("text", ["", "2020", "2020Q5", "2020Q0", "Q4 2020", "20Q4", "2020-13"])
def test_rejects_anything_else_saying_what_is_expected(text: str) -> None:
    with pytest.raises(QuarterError, match=r"e\.g\. 2020Q4"):
        Quarter.parse(text)


def test_labels_dates_and_neighbours() -> None:
    q = Quarter.parse("2020Q4")
    assert str(q) == "2020Q4"
    assert q.label == "October to December 2020"
    assert (q.start, q.end, q.days) == (date(2020, 10, 1), date(2021, 1, 1), 92)
    assert q.previous() == Quarter(2020, 3)
    assert Quarter(2020, 1).previous() == Quarter(2019, 4)
    assert q.same_quarter_last_year() == Quarter(2019, 4)
    assert Quarter.of(date(2021, 3, 31)) == Quarter(2021, 1)
    assert q.back(3) == [Quarter(2020, 2), Quarter(2020, 3), Quarter(2020, 4)]


@given(quarters)
def test_text_round_trips(quarter: Quarter) -> None:
    assert Quarter.parse(str(quarter)) == quarter


@given(quarters, st.integers(-40, 40))
def test_shifting_is_consistent_with_dates(quarter: Quarter, n: int) -> None:
    shifted = quarter.shifted(n)
    assert shifted.shifted(-n) == quarter
    assert Quarter.of(shifted.start) == shifted
    assert (shifted > quarter) == (n > 0)
    assert 90 <= shifted.days <= 92
