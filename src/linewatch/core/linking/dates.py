"""Reading dates of birth as agencies write them, into year, month and day parts.

Full dates (``2007-11-03``, ``03/11/2007``, ``3.11.2007``, ``20071103``, with or without a
time), month and year (``11/2007``, ``2007-11``) or a year alone. A ``DD/MM`` date whose
second number cannot be a month is read the US way round; two-digit years are 20YY up to
:data:`TWO_DIGIT_YEAR_PIVOT`, else 19YY. Nonsense gives no parts rather than an error:
a date of birth is evidence for linkage, not a field to reject the record over.

>>> parse_dob("03/11/2007")
DobParts(year=2007, month=11, day=3)
>>> parse_dob("11/2007"), parse_dob("2007")
(DobParts(year=2007, month=11, day=None), DobParts(year=2007, month=None, day=None))
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["TWO_DIGIT_YEAR_PIVOT", "DobParts", "parse_dob"]

TWO_DIGIT_YEAR_PIVOT = 30
MIN_YEAR = 1880
MAX_YEAR = 2100


@dataclass(frozen=True)
class DobParts:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str | None:
        """``YYYY-MM-DD`` when the date is complete, else ``None``."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_NONE = DobParts()
_TIME = re.compile(r"[T\s]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2})?$", re.I)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_DMY = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})")
_MY = re.compile(r"(\d{1,2})[-/. ](\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR = re.compile(r"(\d{4})")


def _year(text: str) -> int | None:
    value = int(text)
    if len(text) == 2:
        value += 2000 if value <= TWO_DIGIT_YEAR_PIVOT else 1900
    return value if MIN_YEAR <= value <= MAX_YEAR else None


def _parts(year: int | None, month: int | None, day: int | None) -> DobParts:
    if year is None:
        return _NONE
    if day is not None and day < 1:
        day = None
    if month is not None and not 1 <= month <= 12:
        if day is not None and day <= 12 and 1 <= month <= 31:
            month, day = day, month
        else:
            return DobParts(year)
    if day is not None and month is not None and day > calendar.monthrange(year, month)[1]:
        return DobParts(year, month)
    return DobParts(year, month, day)


@lru_cache(maxsize=200_000)
def parse_dob(text: str) -> DobParts:
    """The year, month and day written in ``text``; missing or unreadable parts are ``None``."""
    value = _TIME.sub("", text.strip())
    if match := _ISO.fullmatch(value):
        day = int(match[3]) if match[3] else None
        return _parts(_year(match[1]), int(match[2]), day)
    if match := _DMY.fullmatch(value):
        return _parts(_year(match[3]), int(match[2]), int(match[1]))
    if match := _MY.fullmatch(value):
        return _parts(_year(match[2]), int(match[1]), None)
    if match := _COMPACT.fullmatch(value):
        return _parts(_year(match[1]), int(match[2]), int(match[3]))
    if match := _YEAR.fullmatch(value):
        return _parts(_year(match[1]), None, None)
    return _NONE
