"""Evaluating the three lists against a simulated scenario's ground truth.

For each quarter of the scenario: the whole area ranked at the quarter's end, scored on what
had been ingested by then, against what was really so in that quarter: precision@k and
recall@k, and, because precision@k is capped at positives / k when a quarter has fewer than
k positives, R-precision (precision at k = the number of positives) and average precision
over the whole ranking. Quarters with less than ``MIN_QUARTER_DAYS`` inside the window (the
stub at the end of a 52-week window) are listed but left out of the headline means.
Lead time: scored weekly, the days from the week a subject first entered the top ``k`` (since
its previous period ended) to the date the truth says it was confirmed (warrant, closure
notice, arrest, found missing; for enablers, their line's disruption). An address taken over
again by another line has one truth period per line. The naive baseline ranks by the raw
count of records about each subject, over the same data, in the same run.

People are scored per record; several records of one true person count once, at the best
rank any of them reached (as linkage would join them).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from linewatch.core.risk import SignalTable, Weights, at_k, median_or_none, score_table
from linewatch.core.risk.evaluation import average_precision, mean_or_none, r_precision
from linewatch.core.risk.model import ADULT_AGE, age_on
from linewatch.core.risk.scoring import ENFORCEMENT, STANDING
from linewatch.web.intake.drafts import address_key
from linewatch.web.pole.models import Location, Person
from linewatch.web.risk.signals import RiskInputs

K = 20
MIN_QUARTER_DAYS = 42
Period = tuple[date, date | None, date | None]  # from, to or None, confirmed or None


@dataclass(frozen=True)
class Truth:
    """What was really so, keyed by the ids the lists rank (``location:12``, ``person:7``)."""

    # subject id -> its periods, earliest first
    periods: dict[str, list[Period]]
    # ranked subject id -> true identity (addresses: itself; people: the true person id)
    identity: dict[str, str]


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def cuckooing_truth(truth_dir: Path) -> Truth:
    """True cuckooed addresses, matched to the locations they were imported as."""
    by_key: dict[tuple[str, str], str] = {}
    for pk, key, postcode in Location.objects.exclude(address_key="").values_list(
        "pk", "address_key", "postcode"
    ):
        by_key.setdefault((key, postcode), f"location:{pk}")
    periods: dict[str, list[Period]] = {}
    for row in _rows(truth_dir / "cuckooed_addresses.csv"):
        subject = by_key.get((address_key(row["address"]), row["postcode"]))
        start = _date(row["cuckooed_from"])
        if subject is None or start is None:
            continue
        period = (start, _date(row["cuckooed_to"]), _date(row["confirmed_at"]))
        periods.setdefault(subject, []).append(period)
    return Truth({s: sorted(p) for s, p in periods.items()}, {})


def _person_identity(truth_dir: Path) -> dict[str, str]:
    true_of = {
        (row["agency"], row["person_ref"]): row["person_id"]
        for row in _rows(truth_dir / "person_records.csv")
    }
    identity = {}
    for pk, agency, ref in Person.objects.values_list("pk", "owning_agency__code", "person_ref"):
        true_id = true_of.get((agency, ref))
        identity[f"person:{pk}"] = true_id or f"person:{pk}"
    return identity


def victims_truth(truth_dir: Path) -> Truth:
    periods: dict[str, list[Period]] = {}
    for row in _rows(truth_dir / "victims.csv"):
        start = _date(row["first_exploited_at"])
        if start is not None:
            periods[row["person_id"]] = [(start, None, _date(row["confirmed_at"]))]
    return Truth(periods, _person_identity(truth_dir))


def enablers_truth(truth_dir: Path) -> Truth:
    lines = {row["line_id"]: row for row in _rows(truth_dir / "lines.csv")}
    periods: dict[str, Period] = {}
    for row in _rows(truth_dir / "enablers.csv"):
        line = lines.get(row["line_id"])
        if line is None or not line["start"]:
            continue
        start, end = date.fromisoformat(line["start"]), _date(line["closed_at"])
        confirmed = _date(line["disrupted_at"])
        earlier = periods.get(row["person_id"])
        if earlier is not None:
            start = min(start, earlier[0])
            end = None if end is None or earlier[1] is None else max(end, earlier[1])
            confirmed = (
                min(d for d in (confirmed, earlier[2]) if d) if confirmed or earlier[2] else None
            )
        periods[row["person_id"]] = (start, end, confirmed)
    return Truth({p: [period] for p, period in periods.items()}, _person_identity(truth_dir))


def positives(truth: Truth, start: date, end: date) -> set[str]:
    """True identities with a period overlapping ``[start, end]``."""
    return {
        identity
        for identity, periods in truth.periods.items()
        if any(begin <= end and (finish is None or finish >= start) for begin, finish, _ in periods)
    }


# Events near an address are not reports about it: the baseline counts reports at it.
# Enforcement at an address (a warrant) is the confirmation itself, not a report. Reports at a
# person's home are about the address, not about the person.
NOT_ABOUT_THE_SUBJECT = frozenset({"needles_nearby", "drugs_nearby", ENFORCEMENT, "home_at_risk"})


def baseline_scores(table: SignalTable, as_of: date) -> np.ndarray:
    """The naive baseline: how many distinct dated records are about each subject."""
    today = as_of.toordinal()
    seen: set[tuple[int, str]] = set()
    for factor, part in table.by_factor.items():
        if factor in NOT_ABOUT_THE_SUBJECT:
            continue
        for subject, day, record in zip(part.subject, part.day, part.record, strict=True):
            if day != STANDING and day <= today:
                seen.add((subject, record))
    counts = np.zeros(len(table))
    for subject, _ in seen:
        counts[subject] += 1
    return counts


def _top_identities(
    table: SignalTable,
    scores: np.ndarray,
    identity: Callable[[str], str],
    keep: Callable[[int], bool],
    k: int | None,
) -> list[str]:
    """The first ``k`` (all when ``None``) distinct identities with a score above 0."""
    order = np.argsort(-scores, kind="stable")
    out: list[str] = []
    seen: set[str] = set()
    for i in order:
        if scores[i] <= 0:
            break
        if not keep(int(i)):
            continue
        who = identity(table.subjects[i].id)
        if who not in seen:
            seen.add(who)
            out.append(who)
            if k is not None and len(out) == k:
                break
    return out


def _quarters(start: date, end: date) -> list[tuple[str, date, date]]:
    out = []
    year, quarter = start.year, (start.month - 1) // 3
    while True:
        q_start = date(year, quarter * 3 + 1, 1)
        q_end = (
            date(year + 1, 1, 1) if quarter == 3 else date(year, quarter * 3 + 4, 1)
        ) - timedelta(days=1)
        if q_start > end:
            break
        out.append((f"{year}Q{quarter + 1}", max(q_start, start), min(q_end, end)))
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return out


def evaluate_list(
    name: str,
    table: SignalTable,
    weights: Weights,
    truth: Truth,
    start: date,
    end: date,
    *,
    supplied: Callable[[str], frozenset[str]] | None = None,
    k: int = K,
) -> dict[str, Any]:
    """Ours and the baseline on one list: per quarter and overall precision/recall@k, leads."""

    def identity(subject_id: str) -> str:
        return truth.identity.get(subject_id, subject_id) if truth.identity else subject_id

    def keep_for(as_of: date) -> Callable[[int], bool]:
        if name != "enablers":
            return lambda i: True
        # A child is a victim first: never on the enablers list.
        return lambda i: (age_on(table.subjects[i].birth, as_of) or ADULT_AGE) >= ADULT_AGE

    list_weights = weights[name]
    methods: dict[str, Callable[[date], np.ndarray]] = {
        "ours": lambda d: score_table(table, list_weights, d, supplied).scores,
        "baseline": lambda d: baseline_scores(table, d),
    }
    result: dict[str, Any] = {}
    for method, scorer in methods.items():
        quarters: list[dict[str, Any]] = []
        for label, q_start, q_end in _quarters(start, end):
            ranking = _top_identities(table, scorer(q_end), identity, keep_for(q_end), None)
            truly = positives(truth, q_start, q_end)
            found = at_k(ranking, truly, k)
            quarters.append(
                {
                    "quarter": label,
                    "evaluated_on": q_end.isoformat(),
                    "partial": (q_end - q_start).days + 1 < MIN_QUARTER_DAYS,
                    "candidates": len(ranking),
                    "positives": found.positives,
                    "hits": found.hits,
                    "precision_at_k": round(found.precision, 3),
                    "recall_at_k": round(found.recall, 3),
                    "r_precision": _round(r_precision(ranking, truly)),
                    "average_precision": _round(average_precision(ranking, truly)),
                }
            )
        first_seen: dict[str, list[date]] = {}
        week = start
        while week <= end:
            for who in _top_identities(table, scorer(week), identity, keep_for(week), k):
                first_seen.setdefault(who, []).append(week)
            week += timedelta(weeks=1)
        leads = _leads(truth, first_seen, start, end)
        scored = [q for q in quarters if q["positives"] and not q["partial"]]
        result[method] = {
            f"precision_at_{k}": _round(mean_or_none(q["precision_at_k"] for q in scored)),
            f"recall_at_{k}": _round(mean_or_none(q["recall_at_k"] for q in scored)),
            "r_precision": _round(mean_or_none(q["r_precision"] for q in scored)),
            "average_precision": _round(mean_or_none(q["average_precision"] for q in scored)),
            f"precision_at_{k}_ceiling": _round(
                mean_or_none(min(1.0, q["positives"] / k) for q in scored)
            ),
            "median_lead_days": median_or_none(leads),
            "confirmed": sum(1 for _ in _confirmations(truth, start, end)),
            "alerted_before_confirmation": sum(1 for lead in leads if lead > 0),
            "quarters": quarters,
        }
    return result


def _confirmations(truth: Truth, start: date, end: date) -> Iterable[tuple[str, date, date]]:
    """(identity, when the period may first be flagged, confirmed) for confirmations in the
    window; a period may be flagged from the end of the same subject's previous period."""
    for who, periods in truth.periods.items():
        since = date.min
        for _begin, finish, confirmed in periods:
            if confirmed is not None and start <= confirmed <= end:
                yield who, since, confirmed
            since = max(since, finish or confirmed or since)


def _leads(truth: Truth, in_top: dict[str, list[date]], start: date, end: date) -> list[int]:
    """Days from the first week in the top k (since the previous period) to confirmation;
    negative when it first entered after; periods never in the top k are left out."""
    leads = []
    for who, since, when in _confirmations(truth, start, end):
        weeks = [w for w in in_top.get(who, []) if w > since]
        if weeks:
            leads.append((when - weeks[0]).days)
    return leads


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def evaluate(
    inputs: RiskInputs, weights: Weights, truth_dir: Path, start: date, end: date, k: int = K
) -> dict[str, Any]:
    """All three lists, ours against the baseline."""
    lists: Iterable[tuple[str, SignalTable, Truth]] = (
        ("cuckooing", inputs.addresses, cuckooing_truth(truth_dir)),
        ("victims", inputs.victims, victims_truth(truth_dir)),
        ("enablers", inputs.enablers, enablers_truth(truth_dir)),
    )
    return {
        name: evaluate_list(name, table, weights, truth, start, end, supplied=inputs.supplied, k=k)
        for name, table, truth in lists
    }


def training_rows(
    table: SignalTable,
    weights: Weights,
    truth: Truth,
    start: date,
    end: date,
    *,
    step_weeks: int = 2,
    window_days: int = 90,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Rows for fitting the cuckooing model: every ``step_weeks`` from six weeks in, each
    address with any evidence, its terms then, and whether it was really cuckooed in the
    ``window_days`` to that date (as a quarter is judged at its end)."""
    from dataclasses import replace

    from linewatch.core.risk.logistic import terms

    model = replace(weights["cuckooing"], model="logistic")
    ids = [s.id for s in table.subjects]
    names: list[str] = []
    xs, ys = [], []
    when = start + timedelta(weeks=6)
    while when <= end:
        values, _ = terms(table, model, when, every=True)
        names = sorted(values)
        x = np.column_stack([values[n] for n in names])
        keep = x.sum(axis=1) > 0
        truly = positives(truth, when - timedelta(days=window_days), when)
        y = np.array([i in truly for i in ids], dtype=float)
        xs.append(x[keep])
        ys.append(y[keep])
        when += timedelta(weeks=step_weeks)
    return names, np.vstack(xs), np.concatenate(ys)
