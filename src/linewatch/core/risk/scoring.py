"""Scoring: decayed evidence per factor, saturated, weighted, summed to 0-100.

Evidence for a factor is the sum of its signals' amounts, each halved every ``half_life_days``
before ``as_of``; signals after ``as_of`` do not exist yet. A factor's points are
``weight × (1 - exp(-evidence / saturation))``; the score is the points over the list's total
weight × 100. Enablers' recency, frequency and gravity are RFG bands (1-5, DOMAIN §3.1) from
their ``offence`` signals, scored as (band - 1) / 4 of the weight.
Everything is vectorised over subjects so a whole area scores in well under a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import overload

import numpy as np
from numpy.typing import NDArray

from linewatch.core.risk.factors import FACTORS, Factor
from linewatch.core.risk.model import FactorScore, RiskScore, Signal, Subject
from linewatch.core.risk.next_steps import next_step
from linewatch.core.risk.weights import ListWeights

RFG_FACTORS = ("recency", "frequency", "gravity")
OFFENCE = "offence"  # enablers' raw signal: amount = crime harm (days)
ENFORCEMENT = "enforcement"  # a warrant, seizure or arrest at an address (no points)
LOOKBACK_DAYS = 3 * 365  # MATAC's three years (DOMAIN §3.1)
STANDING = -1
EVIDENCE_SHOWN = 10
Supplied = Callable[[str], frozenset[str]]


class Repeated(Sequence[str]):
    """One note for every signal of a block (not a list of millions of the same string)."""

    def __init__(self, value: str, n: int) -> None:
        self.value, self.n = value, n

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self.value] * len(range(*i.indices(self.n)))
        if not -self.n <= i < self.n:
            raise IndexError(i)
        return self.value

    def __len__(self) -> int:
        return self.n


class Indexed(Sequence[str]):
    """A block's records as positions into a few distinct values (one event's reference for
    each of the hundreds of addresses near it)."""

    def __init__(self, values: NDArray[np.object_], positions: NDArray[np.int32]) -> None:
        self.values, self.positions = values, positions

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [str(v) for v in self.values[self.positions[i]]]
        return str(self.values[self.positions[i]])

    def __len__(self) -> int:
        return len(self.positions)


@dataclass
class _FactorSignals:
    """One factor's signals, as lists (added one by one) or arrays (added as a block)."""

    subject: list[int] | NDArray[np.int64] = field(default_factory=list)
    day: list[int] | NDArray[np.int64] = field(default_factory=list)
    amount: list[float] | NDArray[np.float64] = field(default_factory=list)
    record: list[str] | Sequence[str] = field(default_factory=list)
    note: list[str] | Sequence[str] = field(default_factory=list)
    arrays: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]] | None = None
    grouped: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_] | None] | None = None

    def frozen(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
        if self.arrays is None:
            self.arrays = (
                np.asarray(self.subject, dtype=np.int64),
                np.asarray(self.day, dtype=np.int64),
                np.asarray(self.amount, dtype=np.float64),
            )
        return self.arrays

    def lists(self) -> tuple[list[int], list[int], list[float], list[str], list[str]]:
        """The signals as lists, to append to (a block is turned into lists once)."""
        if not isinstance(self.subject, list):
            self.subject = [int(v) for v in self.subject]
            self.day = [int(v) for v in self.day]
            self.amount = [float(v) for v in self.amount]
            self.record = list(self.record)
            self.note = list(self.note)
        assert isinstance(self.day, list)
        assert isinstance(self.amount, list)
        assert isinstance(self.record, list)
        assert isinstance(self.note, list)
        return self.subject, self.day, self.amount, self.record, self.note

    def group(self, wanted: NDArray[np.bool_] | None = None) -> None:
        """Index the signals by subject (only those of the ``wanted`` subjects, when given:
        sorting tens of millions of signals to explain a thousand subjects is the slow way)."""
        subject = self.frozen()[0]
        rows = np.arange(len(subject)) if wanted is None else np.flatnonzero(wanted[subject])
        order = rows[np.argsort(subject[rows], kind="stable")]
        top = int(subject.max()) + 2 if len(subject) else 1
        self.grouped = (order, np.searchsorted(subject[order], np.arange(top)), wanted)

    def rows_of(self, i: int) -> NDArray[np.int64]:
        """The positions of subject ``i``'s signals, in the order they were added."""
        if self.grouped is None or (self.grouped[2] is not None and not self.grouped[2][i]):
            self.group()
        assert self.grouped is not None
        order, starts, _ = self.grouped
        if i + 1 >= len(starts):
            return order[:0]
        return order[starts[i] : starts[i + 1]]


class SignalTable:
    """Subjects and their signals, indexed for fast scoring at any date."""

    def __init__(self, subjects: Sequence[Subject], signals: Iterable[Signal]) -> None:
        self.subjects = list(subjects)
        self.index = {subject.id: i for i, subject in enumerate(self.subjects)}
        self.by_factor: dict[str, _FactorSignals] = {}
        self.add(signals)

    def add(self, signals: Iterable[Signal]) -> None:
        """Add signals (those for subjects not in the table are ignored)."""
        opened: dict[str, tuple[list[int], list[int], list[float], list[str], list[str]]] = {}
        for signal in signals:
            i = self.index.get(signal.subject_id)
            if i is None:
                continue
            lists = opened.get(signal.factor)
            if lists is None:
                table = self.by_factor.setdefault(signal.factor, _FactorSignals())
                table.arrays = table.grouped = None
                lists = opened[signal.factor] = table.lists()
            subject, day, amount, record, note = lists
            subject.append(i)
            day.append(signal.at.toordinal() if signal.at else STANDING)
            amount.append(signal.amount)
            record.append(signal.record)
            note.append(signal.note)

    def add_block(
        self,
        factor: str,
        rows: NDArray[np.int64],
        day: NDArray[np.int64],
        amount: NDArray[np.float64],
        record: Sequence[str],
        note: str = "",
    ) -> None:
        """Many signals of one factor at once, as arrays: ``rows`` are positions in the
        table's subjects, ``day`` day ordinals (``STANDING`` for a standing fact)."""
        if not len(rows):
            return
        table = self.by_factor.setdefault(factor, _FactorSignals())
        if len(table.subject):
            subjects, days, amounts, records, notes = table.lists()
            subjects += rows.tolist()
            days += day.tolist()
            amounts += amount.tolist()
            records += list(record)
            notes += [note] * len(rows)
        else:
            table.subject = np.asarray(rows, dtype=np.int64)
            table.day = np.asarray(day, dtype=np.int64)
            table.amount = np.asarray(amount, dtype=np.float64)
            table.record = record
            table.note = Repeated(note, len(rows))
        table.arrays = None
        table.grouped = None

    def __len__(self) -> int:
        return len(self.subjects)

    def focus(self, subjects: Iterable[int]) -> None:
        """About to explain these subjects (positions): index only their signals."""
        wanted = np.zeros(len(self.subjects), dtype=bool)
        wanted[list(subjects)] = True
        for table in self.by_factor.values():
            table.group(wanted)

    def evidence(
        self,
        factor: str,
        as_of: date,
        half_life_days: float,
        since: NDArray[np.int64] | None = None,
    ) -> NDArray[np.float64]:
        """Decayed evidence per subject for one factor (dated signals only after ``since``,
        a day ordinal per subject, when given; standing facts always)."""
        out = np.zeros(len(self.subjects))
        table = self.by_factor.get(factor)
        if table is None or not len(table.subject):
            return out
        subject, day, amount = table.frozen()
        today = as_of.toordinal()
        standing = day == STANDING
        dated = day <= today
        if since is not None:
            dated &= day > since[subject]
        known = standing | dated
        age = np.where(standing, 0, today - day)
        weight = np.where(standing, 1.0, np.power(0.5, age / half_life_days))
        np.add.at(out, subject[known], (amount * weight)[known])
        return out

    def last_signal(self, factor: str, as_of: date) -> NDArray[np.int64]:
        """Per subject, the day ordinal of its latest ``factor`` signal by ``as_of`` (or -1)."""
        latest = np.full(len(self.subjects), -1, dtype=np.int64)
        table = self.by_factor.get(factor)
        if table is None or not len(table.subject):
            return latest
        subject, day, _ = table.frozen()
        seen = (day != STANDING) & (day <= as_of.toordinal())
        np.maximum.at(latest, subject[seen], day[seen])
        return latest

    def rfg_bands(self, as_of: date) -> dict[str, NDArray[np.float64]]:
        """RFG bands 1-5 per subject from ``offence`` signals; 0 where there are none."""
        n = len(self.subjects)
        bands = {name: np.zeros(n) for name in RFG_FACTORS}
        table = self.by_factor.get(OFFENCE)
        if table is None or not len(table.subject):
            return bands
        subject, day, harm = table.frozen()
        today = as_of.toordinal()
        window = (day <= today) & (day > today - LOOKBACK_DAYS)
        s, d, h = subject[window], day[window], harm[window]
        latest = np.full(n, -1, dtype=np.int64)
        np.maximum.at(latest, s, d)
        count = np.bincount(s, minlength=n).astype(float)
        worst = np.zeros(n)
        np.maximum.at(worst, s, h)
        has = count > 0
        months = (today - latest) / 30.44
        recency = np.select([months <= 3, months <= 6, months <= 12, months <= 24], [5, 4, 3, 2], 1)
        frequency = np.select([count >= 8, count >= 5, count >= 3, count >= 2], [5, 4, 3, 2], 1)
        gravity = np.select(
            [worst >= 1000, worst >= 365, worst >= 100, worst >= 10], [5, 4, 3, 2], 1
        )
        bands["recency"] = np.where(has, recency, 0).astype(float)
        bands["frequency"] = np.where(has, frequency, 0).astype(float)
        bands["gravity"] = np.where(has, gravity, 0).astype(float)
        return bands


@dataclass(frozen=True)
class Scored:
    """Every subject's score and each factor's points at one date (for ranking and metrics)."""

    scores: NDArray[np.float64]
    points: dict[str, NDArray[np.float64]]
    evidence: dict[str, NDArray[np.float64]]
    unknown: dict[str, NDArray[np.bool_]]
    since: NDArray[np.int64] | None = None  # evidence counted after this day (enforcement)


def score_table(
    table: SignalTable,
    weights: ListWeights,
    as_of: date,
    supplied: Supplied | None = None,
) -> Scored:
    """Score every subject of ``table`` on ``weights``' list at ``as_of``."""
    if weights.model == "logistic":
        from linewatch.core.risk.logistic import logistic_scores

        return logistic_scores(table, weights, as_of, supplied)
    factors: dict[str, Factor] = FACTORS[weights.name]
    n = len(table)
    total = np.zeros(n)
    points: dict[str, NDArray[np.float64]] = {}
    evidence: dict[str, NDArray[np.float64]] = {}
    bands = table.rfg_bands(as_of) if weights.name == "enablers" else {}
    since = enforcement_since(table, weights, as_of)
    for name, factor in factors.items():
        weight = weights.weights.get(name, 0.0)
        if name in bands:
            value = np.clip((bands[name] - 1) / 4, 0, 1)
            evidence[name] = bands[name]
        else:
            found = table.evidence(name, as_of, weights.half_life_days, since)
            evidence[name] = found
            value = 1 - np.exp(-found / factor.saturation)
        points[name] = weight * value
        total += points[name]
    unknown = unknown_factors(table, factors, supplied)
    scores = 100 * total / weights.total if weights.total else total
    return Scored(scores, points, evidence, unknown, since)


def enforcement_since(
    table: SignalTable, weights: ListWeights, as_of: date
) -> NDArray[np.int64] | None:
    """The day of each subject's latest enforcement, when the list resets on it."""
    return table.last_signal(ENFORCEMENT, as_of) if weights.reset_on_enforcement else None


def unknown_factors(
    table: SignalTable, factors: dict[str, Factor], supplied: Supplied | None
) -> dict[str, NDArray[np.bool_]]:
    """Per factor, which subjects' areas have none of the feeds it needs."""
    if not supplied:
        return {}
    areas = [s.area_code for s in table.subjects]
    by_area = {a: supplied(a) for a in set(areas)}
    out = {}
    for name, factor in factors.items():
        missing = {a for a, feeds in by_area.items() if not set(factor.feeds) & feeds}
        out[name] = np.array([a in missing for a in areas], dtype=bool)
    return out


def ranked(
    table: SignalTable,
    weights: ListWeights,
    as_of: date,
    *,
    supplied: Supplied | None = None,
    limit: int | None = 20,
    among: Callable[[Subject], bool] | None = None,
) -> list[RiskScore]:
    """The top ``limit`` subjects (those ``among`` accepts), each explained."""
    scored = score_table(table, weights, as_of, supplied)
    order = np.argsort(-scored.scores, kind="stable")
    picked: list[int] = []
    for i in order:
        if among is None or among(table.subjects[i]):
            picked.append(int(i))
            if limit is not None and len(picked) >= limit:
                break
    return [
        explain(table, weights, scored, i, as_of, rank) for rank, i in enumerate(picked, start=1)
    ]


def explain(
    table: SignalTable, weights: ListWeights, scored: Scored, i: int, as_of: date, rank: int = 0
) -> RiskScore:
    """Subject ``i``'s score with each factor's points and the records behind them."""
    factors = FACTORS[weights.name]
    today = as_of.toordinal()
    parts = []
    for name, factor in factors.items():
        source = OFFENCE if name in RFG_FACTORS else name
        after = int(scored.since[i]) if scored.since is not None else -1
        records, notes = _records_for(table, source, i, today, after)
        parts.append(
            FactorScore(
                factor=name,
                label=factor.label,
                points=float(scored.points[name][i]),
                evidence=float(scored.evidence[name][i]),
                records=records,
                notes=notes,
            )
        )
    parts.sort(key=lambda part: -part.points)
    missing = sorted(
        {
            feed
            for name, mask in scored.unknown.items()
            if mask[i] and weights.factor_weight(name) > 0
            for feed in factors[name].feeds
        }
    )
    unknown_weight = sum(
        weights.factor_weight(name) for name, mask in scored.unknown.items() if mask[i]
    )
    total = sum(weights.factor_weight(name) for name in factors)
    confidence = 1 - unknown_weight / total if total else 1.0
    score = RiskScore(
        subject=table.subjects[i],
        score=round(float(scored.scores[i]), 1),
        factors=tuple(parts),
        missing_feeds=tuple(missing),
        confidence=round(confidence, 2),
        rank=rank,
    )
    return replace(score, next_step=next_step(weights.name, score, as_of))


def _records_for(
    table: SignalTable, factor: str, i: int, today: int, after: int = -1
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    signals = table.by_factor.get(factor)
    if signals is None:
        return (), ()
    _, day, _ = signals.frozen()
    rows = signals.rows_of(i)  # a subject's few signals, not a scan of every subject's
    days = day[rows]
    rows = rows[(days == STANDING) | ((days <= today) & (days > after))]
    rows = rows[np.argsort(-day[rows], kind="stable")][:EVIDENCE_SHOWN]
    records = tuple(dict.fromkeys(signals.record[r] for r in rows))
    notes = tuple(dict.fromkeys(signals.note[r] for r in rows if signals.note[r]))
    return records, notes
