"""Seeded randomness helpers: named streams, Poisson counts, times of day."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta


def stream(seed: int, *parts: object) -> random.Random:
    """An independent generator for one named part of the scenario (stable across runs)."""
    return random.Random(":".join([str(seed), *map(str, parts)]))


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson count with mean ``lam`` (normal approximation above 40)."""
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit = math.exp(-lam)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


#: Relative likelihood of each hour of the day, for street activity (evening peak).
EVENING = (2, 1, 1, 1, 1, 1, 1, 2, 3, 3, 4, 4, 5, 5, 5, 6, 7, 8, 9, 9, 8, 7, 5, 3)
#: Office hours, for staff-recorded events.
OFFICE = (0, 0, 0, 0, 0, 0, 0, 1, 5, 9, 9, 9, 6, 8, 9, 9, 7, 3, 1, 0, 0, 0, 0, 0)
_EVENING_CUM = tuple(sum(EVENING[: i + 1]) for i in range(24))
_OFFICE_CUM = tuple(sum(OFFICE[: i + 1]) for i in range(24))
_HOURS = tuple(range(24))


def moment(rng: random.Random, day: date, office: bool = False) -> datetime:
    """A time on ``day``: evening-weighted, or office hours when ``office``."""
    cum = _OFFICE_CUM if office else _EVENING_CUM
    hour = rng.choices(_HOURS, cum_weights=cum)[0]
    return datetime.combine(day, time(hour, rng.randrange(60)))


def in_week(rng: random.Random, week_start: date, office: bool = False) -> datetime:
    """A time in the week starting ``week_start`` (weekdays only when ``office``)."""
    day = rng.randrange(5 if office else 7)
    return moment(rng, week_start + timedelta(days=day), office)


def age_on(dob: date, day: date) -> int:
    """Whole years of age on ``day``."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def dob_for_age(rng: random.Random, age: int, on: date) -> date:
    """A date of birth giving exactly ``age`` on ``on``."""
    latest = (
        on.replace(year=on.year - age)
        if (on.month, on.day) != (2, 29)
        else on - timedelta(days=365 * age)
    )
    return latest - timedelta(days=rng.randrange(1, 365))
