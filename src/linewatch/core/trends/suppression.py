"""Small-number suppression for reports read outside the police.

A count from 1 to ``threshold - 1`` is not shown (it could point to an identifiable person);
it reads "fewer than N". Zero is shown (as "none"), as are counts at or above the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

AUDIENCES = ("police", "partner", "public")
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Shown:
    """A count as a report shows it."""

    value: int | None  # None when suppressed or when there is no data
    text: str
    suppressed: bool = False
    no_data: bool = False


def suppresses(audience: str) -> bool:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")
    return audience != "police"


def is_suppressed(count: int | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


def shown(count: int | None, *, threshold: int, suppress: bool) -> Shown:
    """How a count reads in a report.

    >>> shown(3, threshold=5, suppress=True).text
    'fewer than 5'
    >>> shown(None, threshold=5, suppress=False).text
    'no data'
    """
    if count is None:
        return Shown(None, "no data", no_data=True)
    if suppress and is_suppressed(count, threshold):
        return Shown(None, f"fewer than {threshold}", suppressed=True)
    return Shown(count, f"{count:,}" if count else "none")
