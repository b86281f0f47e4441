"""Calendar quarters ("2020Q4"): parsing, arithmetic and the dates they cover."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

QUARTER_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class QuarterError(ValueError):
    """A quarter that is not written like ``2020Q4``."""


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: Q1 is January to March."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise QuarterError(f"quarter number {self.number} is not 1 to 4")
        if not 1900 <= self.year <= 2999:
            raise QuarterError(f"year {self.year} is not between 1900 and 2999")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2020Q4"`` (also ``2020q4``, ``2020-Q4``) → ``Quarter(2020, 4)``.

        >>> Quarter.parse("2020Q4").label
        'October to December 2020'
        """
        match = QUARTER_PATTERN.match(text or "")
        if match is None:
            raise QuarterError(
                f"{text!r} is not a quarter; write the year, Q and the quarter number 1-4, "
                "e.g. 2020Q4 for October to December 2020"
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, when: date | datetime) -> Quarter:
        return cls(when.year, (when.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first_month(self) -> int:
        return 3 * (self.number - 1) + 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        return self.next().start

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        first, last = MONTH_NAMES[self.first_month - 1], MONTH_NAMES[self.first_month + 1]
        return f"{first} to {last} {self.year}"

    @property
    def short_label(self) -> str:
        return f"Q{self.number} {self.year}"

    def shifted(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def previous(self) -> Quarter:
        return self.shifted(-1)

    def next(self) -> Quarter:
        return self.shifted(1)

    def same_quarter_last_year(self) -> Quarter:
        return self.shifted(-4)

    def back(self, count: int) -> list[Quarter]:
        """The ``count`` quarters ending with this one, oldest first."""
        return [self.shifted(-i) for i in range(count - 1, -1, -1)]
