"""What works: for each tactic and combination of tactics, how soon lines closed and how often
they came back.

Time to closure runs from a line's first intervention to its closure; lines still open are
censored at the end of observation. The survival curve is the Kaplan-Meier estimator
(Kaplan and Meier 1958) as implemented by lifelines' ``KaplanMeierFitter``, with its
exponential Greenwood ("log(-log)") 95 % confidence interval. Re-emergence within 90 and 180
days is a proportion of the closed lines observed that long after closing (or that re-emerged
sooner), with a Wilson score interval (Wilson 1927).

Small numbers are reported as they are: below :data:`MIN_LINES` lines a group's verdict is
"too few lines to say", and no median or rate is presented as a finding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

__all__ = [
    "MIN_LINES",
    "TACTIC_FAMILIES",
    "TACTIC_LABELS",
    "Curve",
    "GroupOutcome",
    "LineOutcome",
    "analyse",
    "kaplan_meier",
    "tactic_of",
    "wilson_interval",
]

MIN_LINES = 5
TOO_FEW = "too few lines to say"
TACTIC_FAMILIES = {
    "arrest": "enforcement",
    "charge": "enforcement",
    "warrant": "enforcement",
    "handset_seizure": "enforcement",
    "bail_conditions": "bail",
    "closure_notice": "closure",
    "closure_order": "closure",
    "safeguarding_child": "safeguarding",
    "safeguarding_adult": "safeguarding",
    "nrm_referral": "safeguarding",
    "duty_to_notify": "safeguarding",
    "community_protection_notice": "civil_orders",
    "criminal_behaviour_order": "civil_orders",
    "stpo": "civil_orders",
    "treatment_referral": "diversion",
    "diversion_message": "diversion",
}
TACTIC_LABELS = {
    "enforcement": "Enforcement (arrests, charges, warrants, handset seizures)",
    "bail": "Bail conditions",
    "closure": "Closure notices and orders",
    "safeguarding": "Safeguarding and NRM referrals",
    "civil_orders": "Civil orders (CPN, CBO, STPO)",
    "diversion": "Diversion into treatment",
}
WINDOWS = (90, 180)


def tactic_of(kind: str) -> str | None:
    """The tactic family of an intervention kind ('arrest' -> 'enforcement')."""
    return TACTIC_FAMILIES.get(kind)


@dataclass(frozen=True)
class LineOutcome:
    """One disrupted line: when action began, which tactics, whether and when it closed and
    re-emerged, and until when it was observed."""

    line_id: int
    name: str
    first_action_on: date
    tactics: frozenset[str]
    observed_until: date
    closed_on: date | None = None
    re_emerged_on: date | None = None

    @property
    def days_to_closure(self) -> int:
        end = self.closed_on if self.closed_on is not None else self.observed_until
        return max(0, (end - self.first_action_on).days)


@dataclass(frozen=True)
class Curve:
    """A Kaplan-Meier curve: the share of lines still open after each number of days."""

    days: tuple[float, ...]
    still_open: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    median_days: float | None
    median_lower: float | None
    median_upper: float | None


@dataclass(frozen=True)
class Rate:
    """``events`` of ``eligible`` lines, with a 95 % Wilson interval (``None`` when none)."""

    events: int
    eligible: int
    low: float | None
    high: float | None

    @property
    def share(self) -> float | None:
        return self.events / self.eligible if self.eligible else None


@dataclass(frozen=True)
class GroupOutcome:
    """The lines that had a tactic (or exactly a combination), and what became of them."""

    key: tuple[str, ...]
    exact: bool  # True: exactly this combination; False: at least this tactic
    lines: int
    closed: int
    curve: Curve | None
    re_emerged: dict[int, Rate] = field(default_factory=dict)
    enough: bool = False

    @property
    def label(self) -> str:
        names = [TACTIC_LABELS.get(k, k).split(" (")[0] for k in self.key]
        return " + ".join(names) + ("" if self.exact else " (with or without others)")

    @property
    def verdict(self) -> str:
        if not self.enough:
            return TOO_FEW
        if self.curve is None or self.curve.median_days is None:
            return f"fewer than half of the {self.lines} lines closed while observed"
        return f"half the lines closed within {self.curve.median_days:.0f} days"


def _finite(value: float) -> float | None:
    return None if value is None or math.isinf(value) or math.isnan(value) else float(value)


def kaplan_meier(durations: Sequence[float], closed: Sequence[bool]) -> Curve:
    """Fit the Kaplan-Meier estimator (lifelines) to days-to-closure, censoring open lines.

    >>> curve = kaplan_meier([10, 20, 30, 40], [True, True, True, False])
    >>> curve.median_days
    20.0
    """
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    if len(durations) != len(closed) or not durations:
        raise ValueError("give one closure flag per duration, and at least one line")
    fitter = KaplanMeierFitter(alpha=0.05)
    fitter.fit(list(durations), event_observed=list(closed))
    table = fitter.survival_function_
    bounds = fitter.confidence_interval_survival_function_
    median = _finite(fitter.median_survival_time_)
    low = high = None
    if median is not None:
        interval = median_survival_times(fitter.confidence_interval_)
        low, high = (_finite(float(v)) for v in interval.iloc[0].tolist())
    return Curve(
        days=tuple(float(d) for d in table.index),
        still_open=tuple(float(v) for v in table.iloc[:, 0]),
        lower=tuple(float(v) for v in bounds.iloc[:, 0]),
        upper=tuple(float(v) for v in bounds.iloc[:, 1]),
        median_days=median,
        median_lower=low,
        median_upper=high,
    )


def wilson_interval(events: int, n: int, z: float = 1.959964) -> tuple[float, float] | None:
    """The 95 % Wilson score interval for ``events`` out of ``n``; ``None`` when ``n`` is 0.

    >>> [round(x, 3) for x in wilson_interval(5, 10)]
    [0.237, 0.763]
    """
    if n <= 0:
        return None
    p = events / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if events == 0 else max(0.0, min(p, centre - half))
    high = 1.0 if events == n else min(1.0, max(p, centre + half))
    return low, high


def _rate(lines: Sequence[LineOutcome], window: int) -> Rate:
    events = eligible = 0
    for line in lines:
        if line.closed_on is None:
            continue
        back = (
            line.re_emerged_on is not None and (line.re_emerged_on - line.closed_on).days <= window
        )
        if back:
            events += 1
            eligible += 1
        elif (line.observed_until - line.closed_on).days >= window:
            eligible += 1
    interval = wilson_interval(events, eligible)
    return Rate(events, eligible, *(interval if interval else (None, None)))


def _group(
    key: tuple[str, ...], exact: bool, lines: Sequence[LineOutcome], minimum: int
) -> GroupOutcome:
    closed = sum(1 for line in lines if line.closed_on is not None)
    curve = (
        kaplan_meier(
            [line.days_to_closure for line in lines], [line.closed_on is not None for line in lines]
        )
        if lines
        else None
    )
    return GroupOutcome(
        key=key,
        exact=exact,
        lines=len(lines),
        closed=closed,
        curve=curve,
        re_emerged={w: _rate(lines, w) for w in WINDOWS},
        enough=len(lines) >= minimum,
    )


def analyse(
    outcomes: Iterable[LineOutcome], *, minimum: int = MIN_LINES, max_combination: int = 3
) -> tuple[list[GroupOutcome], list[GroupOutcome]]:
    """Outcomes per tactic (lines that had it, with or without others) and per exact
    combination of tactics (up to ``max_combination`` tactics), largest groups first."""
    lines = list(outcomes)
    families = sorted({t for line in lines for t in line.tactics})
    singles = [
        _group((family,), False, [line for line in lines if family in line.tactics], minimum)
        for family in families
    ]
    combos: dict[tuple[str, ...], list[LineOutcome]] = {}
    for line in lines:
        key = tuple(sorted(line.tactics))
        if 1 <= len(key) <= max_combination:
            combos.setdefault(key, []).append(line)
    exact = [_group(key, True, members, minimum) for key, members in combos.items()]
    order = lambda g: (-g.lines, g.key)  # noqa: E731
    return sorted(singles, key=order), sorted(exact, key=order)


def pairs_of(tactics: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair of tactics (for a guide's 'combinations that worked' table)."""
    return list(combinations(sorted(set(tactics)), 2))
