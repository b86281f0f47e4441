"""What risk scores are made of: the subjects ranked, the signals seen, the scores given."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SCORE_LISTS = ("cuckooing", "victims", "enablers")
ADULT_AGE = 18


def age_on(birth: date | None, when: date | None) -> int | None:
    """Whole years from ``birth`` to ``when`` (None when either is unknown)."""
    if birth is None or when is None:
        return None
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


@dataclass(frozen=True, slots=True)
class Subject:
    """An address or a person being ranked, with where it is (for worklists by area)."""

    id: str
    label: str
    area_code: str = ""
    npa: str = ""
    easting: float | None = None
    northing: float | None = None
    birth: date | None = None  # people: the earliest date of birth consistent with the record


@dataclass(frozen=True, slots=True)
class Signal:
    """One thing a partner saw that bears on one subject: a factor, when, how much, and the
    record behind it (``"event:123"``, ``"person:7"``…). ``at=None`` is a standing fact (a
    vulnerable resident), which does not decay."""

    subject_id: str
    factor: str
    at: date | None
    record: str
    amount: float = 1.0
    note: str = ""


@dataclass(frozen=True, slots=True)
class FactorScore:
    """One factor's part of a score, with the records behind it (most recent first)."""

    factor: str
    label: str
    points: float
    evidence: float  # the decayed sum of signal amounts
    records: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RiskScore:
    """A subject's score (0-100), its factors, and what is not known because a feed is missing.

    A missing feed lowers ``confidence``; it is never read as "no risk"."""

    subject: Subject
    score: float
    factors: tuple[FactorScore, ...]
    missing_feeds: tuple[str, ...] = ()
    confidence: float = 1.0
    next_step: str = ""
    rank: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        """One line a worklist can show: the factors that carry the score, biggest first."""
        # Factors carrying at least 0.5 points or a tenth of the score: a low score still
        # says what it rests on.
        parts = [
            f"{f.label} ({f.points:.0f})" if f.points >= 0.5 else f"{f.label} ({f.points:.1f})"
            for f in self.factors
            if f.points > 0 and (f.points >= 0.5 or f.points >= 0.1 * self.score)
        ]
        text = "; ".join(parts) if parts else "no signals"
        if self.missing_feeds:
            text += f". Not known (no data): {', '.join(self.missing_feeds)}"
        return text
