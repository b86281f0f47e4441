"""Evaluating the three lists against a simulated scenario's ground truth.

For each quarter of the scenario: the top ``k`` of the whole area at the quarter's end,
scored on what had been ingested by then, against what was really so in that quarter
(precision@k and recall@k). Lead time: scored weekly, the days from the week a subject
first entered the top ``k`` to the date the truth says it was confirmed (warrant, closure
notice, arrest, found missing; for enablers, their line's disruption). The naive baseline
ranks by the raw count of records about each subject, over the same data, in the same run.

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

from linewatch.core.risk import SignalTable, Weights, at_k, lead_days, median_or_none, score_table
from linewatch.core.risk.evaluation import mean_or_none
from linewatch.core.risk.model import ADULT_AGE, age_on
from linewatch.core.risk.scoring import STANDING
from linewatch.web.intake.drafts import address_key
from linewatch.web.pole.models import Location, Person
from linewatch.web.risk.signals import RiskInputs

K = 20


@dataclass(frozen=True)
class Truth:
    """What was really so, keyed by the ids the lists rank (``location:12``, ``person:7``)."""

    # subject id -> (from, to or None, confirmed or None)
    periods: dict[str, tuple[date, date | None, date | None]]
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
    periods: dict[str, tuple[date, date | None, date | None]] = {}
    for row in _rows(truth_dir / "cuckooed_addresses.csv"):
        subject = by_key.get((address_key(row["address"]), row["postcode"]))
        start = _date(row["cuckooed_from"])
        if subject is None or start is None:
            continue
        periods[subject] = (start, _date(row["cuckooed_to"]), _date(row["confirmed_at"]))
    return Truth(periods, {})


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
    periods: dict[str, tuple[date, date | None, date | None]] = {}
    for row in _rows(truth_dir / "victims.csv"):
        start = _date(row["first_exploited_at"])
        if start is not None:
            periods[row["person_id"]] = (start, None, _date(row["confirmed_at"]))
    return Truth(periods, _person_identity(truth_dir))


def enablers_truth(truth_dir: Path) -> Truth:
    lines = {row["line_id"]: row for row in _rows(truth_dir / "lines.csv")}
    periods: dict[str, tuple[date, date | None, date | None]] = {}
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
    return Truth(periods, _person_identity(truth_dir))


def positives(truth: Truth, start: date, end: date) -> set[str]:
    """True identities whose period overlaps ``[start, end]``."""
    return {
        identity
        for identity, (begin, finish, _) in truth.periods.items()
        if begin <= end and (finish is None or finish >= start)
    }


# Events near an address are not reports about it: the baseline counts reports at it.
NOT_ABOUT_THE_SUBJECT = frozenset({"needles_nearby", "drugs_nearby"})


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
    k: int,
) -> list[str]:
    order = np.argsort(-scores, kind="stable")
    out: list[str] = []
    for i in order:
        if scores[i] <= 0:
            break
        if not keep(int(i)):
            continue
        who = identity(table.subjects[i].id)
        if who not in out:
            out.append(who)
            if len(out) == k:
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
        quarters = []
        for label, q_start, q_end in _quarters(start, end):
            top = _top_identities(table, scorer(q_end), identity, keep_for(q_end), k)
            found = at_k(top, positives(truth, q_start, q_end), k)
            quarters.append(
                {
                    "quarter": label,
                    "positives": found.positives,
                    "hits": found.hits,
                    "precision_at_k": round(found.precision, 3),
                    "recall_at_k": round(found.recall, 3),
                }
            )
        first_seen: dict[str, date] = {}
        week = start
        while week <= end:
            for who in _top_identities(table, scorer(week), identity, keep_for(week), k):
                first_seen.setdefault(who, week)
            week += timedelta(weeks=1)
        confirmed = {
            who: when
            for who, (_, _, when) in truth.periods.items()
            if when is not None and start <= when <= end
        }
        leads = lead_days(first_seen, confirmed)
        scored_quarters: list[dict[str, Any]] = [q for q in quarters if q["positives"]]
        result[method] = {
            f"precision_at_{k}": _round(mean_or_none(q["precision_at_k"] for q in scored_quarters)),
            f"recall_at_{k}": _round(mean_or_none(q["recall_at_k"] for q in scored_quarters)),
            "median_lead_days": median_or_none(leads),
            "confirmed": len(confirmed),
            "alerted_before_confirmation": sum(1 for lead in leads if lead > 0),
            "quarters": quarters,
        }
    return result


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
