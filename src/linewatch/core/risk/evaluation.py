"""Measuring a ranking against what really happened: precision and recall at k, R-precision,
average precision, lead time."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class AtK:
    k: int
    hits: int
    positives: int
    precision: float
    recall: float


def at_k(ranked_ids: Sequence[str], positives: set[str], k: int) -> AtK:
    """Precision and recall of the first ``k`` ids (recall is 0 when there are no positives)."""
    top = list(dict.fromkeys(ranked_ids))[:k]
    hits = sum(1 for i in top if i in positives)
    precision = hits / k if k else 0.0
    recall = hits / len(positives) if positives else 0.0
    return AtK(k, hits, len(positives), precision, recall)


def r_precision(ranked_ids: Sequence[str], positives: set[str]) -> float | None:
    """Precision at k = the number of positives (k-independent; 1.0 is attainable)."""
    if not positives:
        return None
    return at_k(ranked_ids, positives, len(positives)).precision


def average_precision(ranked_ids: Sequence[str], positives: set[str]) -> float | None:
    """Mean of the precision at each positive's rank; positives never ranked count as 0."""
    if not positives:
        return None
    hits, total = 0, 0.0
    for rank, subject in enumerate(dict.fromkeys(ranked_ids), start=1):
        if subject in positives:
            hits += 1
            total += hits / rank
    return total / len(positives)


def lead_days(first_alert: Mapping[str, date], confirmed: Mapping[str, date]) -> list[int]:
    """Days from each confirmed subject's first alert to its confirmation (negative when the
    alert came after); subjects never alerted are left out (count them separately)."""
    return [
        (when - first_alert[subject]).days
        for subject, when in confirmed.items()
        if subject in first_alert
    ]


def median_or_none(values: Iterable[float]) -> float | None:
    values = list(values)
    return float(statistics.median(values)) if values else None


def mean_or_none(values: Iterable[float]) -> float | None:
    values = list(values)
    return float(statistics.fmean(values)) if values else None
