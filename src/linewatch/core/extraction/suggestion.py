"""What the extractor hands back: one :class:`Suggestion` per entity found in free text.

>>> s = Suggestion("phone", "07700 900123", "+447700900123", 5, 17, 0.9, "UK mobile")
>>> s.span
(5, 17)
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["phone", "postcode", "vrm", "person", "address"]

#: Every kind of suggestion, in the order a reviewer sees them grouped.
KINDS: tuple[Kind, ...] = ("person", "phone", "address", "postcode", "vrm")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An entity the extractor suggests linking to a report, for a person to confirm.

    ``text`` is exactly ``report[start:end]``, as written; ``value`` is the normalised form
    (E.164 phone, ``LE11 3TU`` postcode, ``AB12CDE`` plate, ``Jayden Smith``, a tidied
    address). ``confidence`` is 0..1 and ``reason`` says, in words, why it was suggested.
    ``parts`` holds the normalised pieces of an address (``postcode``, ``town``, ...).
    """

    kind: Kind
    text: str
    value: str
    start: int
    end: int
    confidence: float
    reason: str
    parts: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")
        if not 0 <= self.start < self.end or self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}..{self.end} does not fit {self.text!r}")

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``: ``report[start:end] == text``."""
        return (self.start, self.end)

    def overlaps(self, other: Suggestion) -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


def confidence(score: float) -> float:
    """``score`` clamped to 0..1 and rounded to two places, so tests can state it exactly.

    >>> confidence(1.2), confidence(0.333)
    (1.0, 0.33)
    """
    return round(min(1.0, max(0.0, score)), 2)


def keep_first(
    ranked: Iterable[Suggestion],
    may_coexist: Callable[[Suggestion, Suggestion], bool] = lambda a, b: False,
) -> list[Suggestion]:
    """From ``ranked`` (best first), each suggestion overlapping none kept before it.

    Two overlapping suggestions are both kept when ``may_coexist`` says so. Returns the kept
    ones in text order; near-linear, so a 20,000-character report stays quick.

    >>> a = Suggestion("person", "Jay", "Jay", 0, 3, 0.7, "")
    >>> b = Suggestion("person", "Jay S", "Jay S", 0, 5, 0.5, "")
    >>> [s.text for s in keep_first([a, b])]
    ['Jay']
    """
    ranked = list(ranked)
    longest = max((s.end - s.start for s in ranked), default=0)
    starts: list[int] = []
    kept: list[Suggestion] = []
    for candidate in ranked:
        low = bisect.bisect_left(starts, candidate.start - longest)
        high = bisect.bisect_left(starts, candidate.end)
        if all(not candidate.overlaps(k) or may_coexist(candidate, k) for k in kept[low:high]):
            at = bisect.bisect_left(starts, candidate.start)
            starts.insert(at, candidate.start)
            kept.insert(at, candidate)
    return kept
