"""The closure notice and order timeline (ASBCPA 2014 ss77, 80, 82)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.interventions import (
    add_months,
    closure_notice_deadlines,
    closure_order_deadlines,
    hours_disregarding_christmas,
)
from linewatch.core.interventions.closure import LONDON, christmas_days_between

moments = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(LONDON)
)


def _on(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def test_a_24_hour_notice_served_in_march_expires_a_day_later_and_is_heard_within_two() -> None:
    served = _on(date(2026, 3, 2), 15, 30)
    notice, hearing = closure_notice_deadlines(served)
    assert notice.due == _on(date(2026, 3, 3), 15, 30)
    assert hearing.due == _on(date(2026, 3, 4), 15, 30)
    assert "s77" in notice.statute
    assert "s80" in hearing.statute


def test_christmas_day_is_not_counted_in_the_48_hours() -> None:
    served = _on(date(2025, 12, 24), 10)
    _, hearing = closure_notice_deadlines(served)
    assert hearing.due == _on(date(2025, 12, 27), 10)


def test_a_notice_served_on_christmas_day_counts_from_boxing_day() -> None:
    served = _on(date(2025, 12, 25), 14)
    _, hearing = closure_notice_deadlines(served, hours=48)
    assert hearing.due == datetime(2025, 12, 28, 0, 0, tzinfo=LONDON)


def test_a_48_hour_notice_also_disregards_christmas_day() -> None:
    notice, _ = closure_notice_deadlines(_on(date(2026, 12, 24), 9), hours=48)
    assert notice.due == _on(date(2026, 12, 27), 9)


@pytest.mark.parametrize("hours", [0, 49, -1, 72])
def test_a_notice_longer_than_48_hours_is_refused(hours: int) -> None:
    with pytest.raises(ValueError, match="s77"):
        closure_notice_deadlines(_on(date(2026, 5, 1)), hours=hours)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        closure_notice_deadlines(datetime(2026, 5, 1, 10, 0))


def test_reminders_fall_before_the_deadline_and_after_service() -> None:
    served = _on(date(2026, 6, 1), 8)
    for deadline in closure_notice_deadlines(served):
        assert deadline.reminders
        assert all(served < r < deadline.due for r in deadline.reminders)


def test_an_order_lasts_three_months_and_extensions_reach_six_at_most() -> None:
    ends, limit = closure_order_deadlines(date(2026, 1, 31))
    assert ends.due.date() == date(2026, 4, 30)
    assert limit.due.date() == date(2026, 7, 31)
    assert [r.date() for r in ends.reminders] == [date(2026, 4, 2), date(2026, 4, 23)]


def test_an_order_ending_sooner_is_reminded_of_its_own_end() -> None:
    ends, _ = closure_order_deadlines(date(2026, 1, 5), date(2026, 2, 5))
    assert ends.due.date() == date(2026, 2, 5)


@given(moments, st.integers(min_value=1, max_value=48))
def test_exactly_the_hours_asked_for_are_counted_outside_christmas_day(
    start: datetime, hours: int
) -> None:
    end = hours_disregarding_christmas(start, hours)
    elapsed = end.astimezone(UTC) - start.astimezone(UTC)
    counted = elapsed - christmas_days_between(start, end)
    assert counted == timedelta(hours=hours)


@given(moments)
def test_the_hearing_deadline_never_falls_inside_christmas_day(served: datetime) -> None:
    for deadline in closure_notice_deadlines(served, hours=48):
        local = deadline.due.astimezone(LONDON)
        inside = local.month == 12 and local.day == 25 and (local.hour, local.minute) != (0, 0)
        assert not inside, f"{deadline.key} at {local.isoformat()} is on Christmas Day"
        assert deadline.due > served


@given(moments)
def test_the_deadline_is_the_same_instant_whatever_zone_the_service_time_is_given_in(
    served: datetime,
) -> None:
    as_utc = served.astimezone(UTC)
    assert closure_notice_deadlines(served) == closure_notice_deadlines(as_utc)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 24))
def test_adding_months_keeps_the_day_or_takes_the_month_end(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)
