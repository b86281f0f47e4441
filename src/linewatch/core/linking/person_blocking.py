"""Candidate pairs for person linkage: blocking rules that stay bounded on big inputs.

Each rule is a set of standardised columns that must agree. On a big input a rule that
would give more than :func:`pair_budget` pairs is narrowed by the first of
:data:`REFINEMENTS` that at least halves it, counted exactly on the standardised table.
Small inputs (FEBRL, the simulated scenario) keep the plain rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

__all__ = [
    "REFINEMENTS",
    "blocking_rules",
    "pair_budget",
    "pair_count",
    "refine_keys",
    "training_rules",
]

#: The fields whose own columns may be blocked on when nothing better has data.
_FALLBACK_FIELDS = ("first_name", "surname", "dob", "address", "postcode", "town", "phone")

_REVERSED_NAMES_RULE = "l.first_key = r.surname_key AND l.surname_key = r.first_key"
#: Candidate-pair rules as the standardised columns that must agree, with the fields each
#: needs; the swapped-names rule is the one that is not a plain equality.
_PREDICTION_KEYS: tuple[tuple[set[str], tuple[str, ...]], ...] = (
    ({"surname", "dob"}, ("surname_key", "dob_year")),
    ({"first_name", "surname"}, ("first_key", "surname_key")),
    ({"first_name", "dob"}, ("first_canon", "dob_year")),
    ({"dob"}, ("dob",)),
    ({"postcode"}, ("postcode",)),
    ({"address"}, ("address",)),
    ({"surname", "postcode"}, ("surname_1", "postcode_district")),
    ({"phone"}, ("phone",)),
)
#: Columns added, in this order, to a rule that would give too many pairs (see
#: :func:`refine_keys`): each is rarely missing and rarely disagrees within a true pair.
REFINEMENTS = ("first_initial", "surname_initial", "postcode_district", "dob_year")


def pair_count(frame: pd.DataFrame, keys: Sequence[str]) -> int:
    """Pairs of rows of ``frame`` that agree on every one of ``keys`` (nulls never agree)."""
    sizes = frame.groupby(list(keys), dropna=True, sort=False, observed=True).size()
    return int((sizes * (sizes - 1) // 2).sum())


def refine_keys(
    keys: Sequence[str],
    frame: pd.DataFrame | None,
    budget: int,
    refinements: Sequence[str] = REFINEMENTS,
) -> tuple[str, ...]:
    """``keys`` with :data:`REFINEMENTS` added until the rule gives at most ``budget`` pairs.

    Blocking keys that are fine on thousands of records explode on a million (a common
    surname with a birth year, a postcode district with a surname): such a rule is narrowed
    by the next refinement that at least halves its pairs. Without a frame, unchanged.
    """
    chosen = tuple(keys)
    if frame is None:
        return chosen
    pairs = pair_count(frame, chosen)
    for extra in refinements:
        if pairs <= budget:
            break
        if extra in chosen or extra not in frame or frame[extra].isna().all():
            continue
        narrowed = pair_count(frame, (*chosen, extra))
        if narrowed * 2 <= pairs:
            chosen, pairs = (*chosen, extra), narrowed
    return chosen


def pair_budget(records: int) -> int:
    """Most candidate pairs one blocking rule may give: 10 per record, at least 1,000,000."""
    return max(1_000_000, 10 * records)


def blocking_rules(
    fields: Iterable[str], frame: pd.DataFrame | None = None
) -> list[BlockingRuleCreator | str]:
    """Candidate pairs for UK people: rules over fields that have data in this input.

    With the standardised ``frame``, a rule that would give more than :func:`pair_budget`
    pairs is narrowed (:func:`refine_keys`).
    """
    present = set(fields)
    budget = pair_budget(0 if frame is None else len(frame))
    chosen: list[BlockingRuleCreator | str] = []
    for needed, keys in _PREDICTION_KEYS:
        if needed <= present:
            chosen.append(block_on(*refine_keys(keys, frame, budget)))
        if keys == ("first_key", "surname_key") and needed <= present:
            chosen.append(_REVERSED_NAMES_RULE)
    if not chosen:
        # Gender alone would compare everyone with half of everyone: not worth linking on.
        chosen = [block_on(field) for field in _FALLBACK_FIELDS if field in present]
    return chosen


def training_rules(present: set[str], frame: pd.DataFrame | None) -> list[BlockingRuleCreator]:
    """EM sessions: each trains every comparison not in its rule; together they cover all."""
    options: list[tuple[set[str], tuple[str, ...]]] = [
        ({"dob"}, ("dob",)),
        ({"first_name", "surname"}, ("first_key", "surname_key")),
        ({"postcode"}, ("postcode",)),
        ({"surname"}, ("surname",)),
    ]
    chosen = [keys for needed, keys in options if needed <= present]
    chosen = chosen[:2] if len(chosen) >= 2 else chosen
    # Narrowed only by the initials, which no comparison reads: a rule on a compared
    # column would stop EM training that comparison in the session.
    budget = pair_budget(0 if frame is None else len(frame))
    initials = ("first_initial", "surname_initial")
    return [block_on(*refine_keys(keys, frame, budget, initials)) for keys in chosen]
