"""The statutory timeline of closure notices and closure orders.

Anti-social Behaviour, Crime and Policing Act 2014, Part 4 Chapter 3 (ss76-93), as summarised
in DOMAIN.md §5.1 (legislation.gov.uk, Explanatory Notes paras 187-190):

* s77(1): a closure notice lasts at most **24 hours** from service;
* s77(2): at most **48 hours** if issued by a police officer of at least superintendent rank
  (or signed by the local authority's chief executive or a designate); s77(4) lets a 24-hour
  notice be extended so that it lasts up to 48 hours in all;
* s77(3): in calculating when the 48 hours end, **Christmas Day is disregarded**;
* s80(3)-(4): the application for a closure order must be **heard by the magistrates within
  48 hours of service** of the notice, Christmas Day disregarded;
* s80(5): a closure order lasts at most **3 months**;
* s82: an order may be extended, but never so that it lasts more than **6 months** in all.

Times are timezone-aware; "48 hours" is elapsed time, and Christmas Day is 25 December from
midnight to midnight, London time.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "LONDON",
    "NOTICE_HOURS",
    "NOTICE_MAX_HOURS",
    "ORDER_MAX_MONTHS",
    "ORDER_TOTAL_MAX_MONTHS",
    "Deadline",
    "add_months",
    "christmas_days_between",
    "closure_notice_deadlines",
    "closure_order_deadlines",
    "hours_disregarding_christmas",
]

LONDON = ZoneInfo("Europe/London")
NOTICE_HOURS = 24
NOTICE_MAX_HOURS = 48
HEARING_HOURS = 48
ORDER_MAX_MONTHS = 3
ORDER_TOTAL_MAX_MONTHS = 6
# How long before each deadline the reminders fall (hours for notices, days for orders).
NOTICE_REMINDER_HOURS = (12, 2)
HEARING_REMINDER_HOURS = (24, 4)
ORDER_REMINDER_DAYS = (28, 7)


@dataclass(frozen=True)
class Deadline:
    """A statutory deadline, the section that sets it, and when to remind the officer."""

    key: str
    label: str
    due: datetime
    statute: str
    reminders: tuple[datetime, ...] = field(default_factory=tuple)


def _christmas(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 12, 25, tzinfo=LONDON).astimezone(UTC)
    return start, datetime(year, 12, 26, tzinfo=LONDON).astimezone(UTC)


def _utc(moment: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo add and subtract as wall-clock time; elapsed hours
    # across a clock change need UTC.
    return moment.astimezone(UTC)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def christmas_days_between(start: datetime, end: datetime) -> timedelta:
    """How much of ``[start, end)`` falls on a Christmas Day."""
    start, end = _utc(start), _utc(end)
    total = timedelta(0)
    for year in range(start.astimezone(LONDON).year, end.astimezone(LONDON).year + 1):
        day_start, day_end = _christmas(year)
        overlap = min(end, day_end) - max(start, day_start)
        if overlap > timedelta(0):
            total += overlap
    return total


def hours_disregarding_christmas(start: datetime, hours: int) -> datetime:
    """The moment ``hours`` hours after ``start``, not counting any time on Christmas Day.

    >>> served = datetime(2025, 12, 24, 10, 0, tzinfo=LONDON)
    >>> hours_disregarding_christmas(served, 48).isoformat()
    '2025-12-27T10:00:00+00:00'
    """
    _require_aware(start)
    start = _utc(start)
    wanted = timedelta(hours=hours)
    end = start + wanted
    while True:
        # Each pass adds back the Christmas time inside the window; a longer window can reach
        # the next Christmas only after a year, so this ends after one or two passes.
        later = start + wanted + christmas_days_between(start, end)
        if later == end:
            return _local(end)
        end = later


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; give an aware datetime")


def _before(due: datetime, hours: tuple[int, ...], start: datetime) -> tuple[datetime, ...]:
    due, start = _utc(due), _utc(start)
    return tuple(
        _local(due - timedelta(hours=h)) for h in hours if due - timedelta(hours=h) > start
    )


def closure_notice_deadlines(served_at: datetime, *, hours: int = NOTICE_HOURS) -> list[Deadline]:
    """When the notice expires and by when the magistrates must hear the order application.

    ``hours`` is the period the notice specifies (24, or up to 48 when authorised at
    superintendent / chief executive level, s77(2)). Raises ``ValueError`` for a period
    outside 1-48 hours.

    >>> served = datetime(2026, 3, 2, 15, 30, tzinfo=LONDON)
    >>> [(d.key, d.due.isoformat()) for d in closure_notice_deadlines(served)]
    [('notice_expires', '2026-03-03T15:30:00+00:00'), ('hearing_by', '2026-03-04T15:30:00+00:00')]
    """
    _require_aware(served_at)
    if not 1 <= hours <= NOTICE_MAX_HOURS:
        raise ValueError(
            f"a closure notice lasts between 1 and {NOTICE_MAX_HOURS} hours (s77); got {hours}"
        )
    expires = (
        hours_disregarding_christmas(served_at, hours)
        if hours > NOTICE_HOURS
        else _local(_utc(served_at) + timedelta(hours=hours))
    )
    hearing = hours_disregarding_christmas(served_at, HEARING_HOURS)
    return [
        Deadline(
            "notice_expires",
            f"Closure notice expires ({hours} hours)",
            expires,
            "ASBCPA 2014 s77",
            _before(expires, NOTICE_REMINDER_HOURS, served_at),
        ),
        Deadline(
            "hearing_by",
            "Closure order application heard by magistrates",
            hearing,
            "ASBCPA 2014 s80(3)-(4)",
            _before(hearing, HEARING_REMINDER_HOURS, served_at),
        ),
    ]


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=LONDON)


def closure_order_deadlines(made_on: date, ends_on: date | None = None) -> list[Deadline]:
    """When the order ends (at most 3 months, s80(5)) and the latest any extension may reach
    (6 months in all, s82), with reminders 28 and 7 days before each.

    >>> [(d.key, d.due.date().isoformat()) for d in closure_order_deadlines(date(2026, 1, 31))]
    [('order_ends', '2026-04-30'), ('extension_limit', '2026-07-31')]
    """
    longest = add_months(made_on, ORDER_MAX_MONTHS)
    ends = ends_on or longest
    limit = add_months(made_on, ORDER_TOTAL_MAX_MONTHS)
    start = datetime.combine(made_on, time(0, 0), tzinfo=LONDON)

    def reminders(due: datetime) -> tuple[datetime, ...]:
        return tuple(
            due - timedelta(days=d) for d in ORDER_REMINDER_DAYS if due - timedelta(days=d) > start
        )

    order_end, extension_end = _end_of(ends), _end_of(limit)
    return [
        Deadline(
            "order_ends",
            "Closure order ends (apply for any extension before this)",
            order_end,
            "ASBCPA 2014 s80(5), s82",
            reminders(order_end),
        ),
        Deadline(
            "extension_limit",
            "Latest end of the order with extensions (6 months in all)",
            extension_end,
            "ASBCPA 2014 s82",
            reminders(extension_end),
        ),
    ]
