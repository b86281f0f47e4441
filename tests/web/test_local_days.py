"""Day ranges give the same rows as Django's ``__date`` lookups, across clock changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linewatch.web.events.models import Event
from linewatch.web.local_days import after_day, day_start

from .factories import EventFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_days_start_at_local_midnight_either_side_of_the_clock_change() -> None:
    assert day_start(dt.date(2020, 1, 15)) == dt.datetime(2020, 1, 15, 0, 0, tzinfo=UTC)
    assert day_start(dt.date(2020, 7, 15)) == dt.datetime(2020, 7, 14, 23, 0, tzinfo=UTC)
    # 29 March 2020: the clocks went forward, so the next day starts at 23:00 UTC.
    assert after_day(dt.date(2020, 3, 29)) == dt.datetime(2020, 3, 29, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("day", [dt.date(2020, 3, 28), dt.date(2020, 3, 29), dt.date(2020, 10, 25)])
def test_ranges_select_the_rows_the_date_lookup_selects(day: dt.date, agencies: Any) -> None:
    base = dt.datetime.combine(day, dt.time(0, 0), tzinfo=UTC)
    for hours in range(-26, 50, 1):
        EventFactory(occurred_at=base + dt.timedelta(hours=hours, minutes=30))
    events = Event.objects.all()
    by_lookup = set(events.filter(occurred_at__date__gte=day).values_list("pk", flat=True))
    by_range = set(events.filter(occurred_at__gte=day_start(day)).values_list("pk", flat=True))
    assert by_range == by_lookup
    after_lookup = set(events.filter(occurred_at__date__gt=day).values_list("pk", flat=True))
    after_range = set(events.filter(occurred_at__gte=after_day(day)).values_list("pk", flat=True))
    assert after_range == after_lookup
