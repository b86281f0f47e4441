"""Local calendar days as ranges of moments, for queries that can use an index.

``occurred_at__date__gte=day`` makes the database compute a date for every row (on SQLite, a
Python function call per row) and ignores the index on the column; comparing the column with the
first moment of the day, in the site's time zone, gives the same rows through the index.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the current time zone (aware)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def after_day(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` (the start of the next day), in the current time zone."""
    return day_start(day + dt.timedelta(days=1))
