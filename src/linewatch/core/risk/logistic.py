"""A fitted logistic model for a list (``model: logistic`` in the weights file), explained.

Terms, each a number in 0-1 per subject:

- each factor's saturated evidence ``1 - exp(-evidence / saturation)`` (as in the additive
  model, over the list's ``half_life_days``);
- ``recent``: the same over ``recent_half_life_days`` (a rise against the address's own
  longer history shows as recent evidence high beside the long one);
- ``a & b``: the product of two factors' terms — independent signal families seen together
  (a vulnerable resident *and* reports at the address) count for more than either alone;
- ``reports_onset``: the reports at the address (ASB, intelligence, community reports) over
  the recent half-life *beyond* what the address's own rate in the year before the last
  eight weeks would leave: a place that has long been busy (a hostel, a pub, a dispute that
  has run all year) shows little, a home that has suddenly changed shows a lot.

``logit = intercept + sum(weight x term)``; the score is ``100 x sigmoid(logit)``, the modelled
chance (on the simulated data it was fitted on) that the address is being cuckooed. Every
weight is >= 0, so every term can only raise a score, and the score is shared out between the
factors in proportion to their terms' part of the logit (a combination's part half to each of
its two factors; a recent term's to its factor): a row still lists each factor's points and
the records behind them. The weights are fitted by ``python -m bench.risk fit`` on seeds that
are not evaluated (docs/risk.md).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from linewatch.core.risk.factors import FACTORS
from linewatch.core.risk.model import Signal
from linewatch.core.risk.scoring import (
    Scored,
    SignalTable,
    Supplied,
    enforcement_since,
    unknown_factors,
)
from linewatch.core.risk.weights import ListWeights

Array = NDArray[np.float64]
#: Onset compares the recent reports with the address's rate over the year before the last
#: ``ONSET_GAP_DAYS`` (so the rise itself is not part of the history it is compared with).
ONSET_HISTORY_DAYS = 365
ONSET_GAP_DAYS = 56
_FOREVER = 1e12  # a half-life so long that evidence is a plain count


def derive_signals(table: SignalTable, name: str) -> None:
    """Give the table's derived factors (``Factor.derived_from``) their sources' signals,
    once, so that their rows list the records behind them."""
    for factor_name, factor in FACTORS[name].items():
        if not factor.derived_from or factor_name in table.by_factor:
            continue
        copied: list[Signal] = []
        for source in factor.derived_from:
            part = table.by_factor.get(source)
            if part is None:
                continue
            for i, day, amount, record, note in zip(
                part.subject, part.day, part.amount, part.record, part.note, strict=True
            ):
                if day > 0:  # dated reports only
                    at = date.fromordinal(day)
                    copied.append(
                        Signal(table.subjects[i].id, factor_name, at, record, amount, note)
                    )
        table.add(copied)  # nothing to copy: cheap to look again next time


def onset_evidence(
    table: SignalTable,
    factor: str,
    as_of: date,
    half_life_days: float,
    since: NDArray[np.int64] | None = None,
) -> Array:
    """Recent evidence (``half_life_days``) beyond what the address's own earlier rate would
    leave: ``max(0, recent - rate x half_life / ln 2)``, the rate over the year before the
    last :data:`ONSET_GAP_DAYS` days."""
    recent = table.evidence(factor, as_of, half_life_days, since)
    gap = as_of - timedelta(days=ONSET_GAP_DAYS)
    window = ONSET_HISTORY_DAYS - ONSET_GAP_DAYS
    before = table.evidence(factor, gap, _FOREVER, since) - table.evidence(
        factor, gap - timedelta(days=window), _FOREVER, since
    )
    expected = before / window * half_life_days / math.log(2)
    return np.asarray(np.maximum(0.0, recent - expected), dtype=np.float64)


def terms(
    table: SignalTable, weights: ListWeights, as_of: date, *, every: bool = False
) -> tuple[dict[str, Array], dict[str, Array]]:
    """(term name -> values, factor -> long-half-life evidence). Term names: the factor,
    ``recent:factor`` and ``a & b``. With ``every``, all possible terms (for fitting)."""
    factors = FACTORS[weights.name]
    derive_signals(table, weights.name)
    since = enforcement_since(table, weights, as_of)
    evidence: dict[str, Array] = {}
    out: dict[str, Array] = {}
    for name, factor in factors.items():
        if factor.derived_from:
            found = onset_evidence(table, name, as_of, weights.recent_half_life_days, since)
        else:
            found = table.evidence(name, as_of, weights.half_life_days, since)
        evidence[name] = found
        out[name] = 1 - np.exp(-found / factor.saturation)
    recent = factors if every else weights.recent_weights
    for name in recent:
        if not factors[name].decays or factors[name].derived_from:
            continue
        found = table.evidence(name, as_of, weights.recent_half_life_days, since)
        out[f"recent:{name}"] = 1 - np.exp(-found / factors[name].saturation)
    pairs = (
        [(a, b) for i, a in enumerate(factors) for b in list(factors)[i + 1 :]]
        if every
        else list(weights.combinations)
    )
    for a, b in pairs:
        out[f"{a} & {b}"] = out[a] * out[b]
    return out, evidence


def coefficients(weights: ListWeights) -> dict[str, float]:
    """Term name -> weight, from the weights file."""
    out = dict(weights.weights)
    out.update({f"recent:{name}": w for name, w in weights.recent_weights.items()})
    out.update({f"{a} & {b}": w for (a, b), w in weights.combinations.items()})
    return out


def owners(term: str) -> list[tuple[str, float]]:
    """The factors a term's part of the score goes to, with their shares."""
    if " & " in term:
        a, b = term.split(" & ")
        return [(a, 0.5), (b, 0.5)]
    return [(term.removeprefix("recent:"), 1.0)]


def logistic_scores(
    table: SignalTable, weights: ListWeights, as_of: date, supplied: Supplied | None = None
) -> Scored:
    """Every subject's score 0-100 and each factor's share of it."""
    values, evidence = terms(table, weights, as_of)
    n = len(table)
    logit = np.full(n, weights.intercept)
    parts: dict[str, Array] = {name: np.zeros(n) for name in FACTORS[weights.name]}
    for term, weight in coefficients(weights).items():
        if weight == 0 or term not in values:
            continue
        contribution = weight * values[term]
        logit += contribution
        for factor, share in owners(term):
            parts[factor] += share * contribution
    total = sum(parts.values(), np.zeros(n))
    scores = np.where(total > 0, 100 / (1 + np.exp(-logit)), 0.0)  # no signals, no score
    explained = np.maximum(total, 1e-12)
    points = {name: scores * part / explained for name, part in parts.items()}
    factors = FACTORS[weights.name]
    unknown = unknown_factors(table, factors, supplied)
    return Scored(scores, points, evidence, unknown, enforcement_since(table, weights, as_of))
