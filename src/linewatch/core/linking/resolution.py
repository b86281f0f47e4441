"""Deterministic resolution of phones, locations and vehicles into entities.

Unlike people, these have identifiers that either agree or do not once normalised (an E.164
number, a UPRN, a registration mark), so rules decide, not a trained model; the uncertain band
(two spellings of one address under one postcode…) is returned as pairs for review. The
grouping reuses :func:`linewatch.core.linking.clustering.cluster`, so analysts' decisions on
such pairs (confirm / reject) override the rules the same way as for people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from linewatch.core.linking.clustering import cluster, pair_key

__all__ = ["Resolution", "ReviewPair", "resolve"]


@dataclass(frozen=True)
class ReviewPair:
    """Two records the rules could not decide on, and why they were put together."""

    left: int
    right: int
    reason: str


@dataclass
class Resolution:
    """Record id -> the lowest record id of its entity, the rule that joined it, and the pairs
    left for review."""

    entity_of: dict[int, int] = field(default_factory=dict)
    rule_of: dict[int, str] = field(default_factory=dict)
    review: list[ReviewPair] = field(default_factory=list)

    def groups(self) -> dict[int, list[int]]:
        """Entity -> its records, for entities of two or more."""
        out: dict[int, list[int]] = {}
        for record, entity in sorted(self.entity_of.items()):
            out.setdefault(entity, []).append(record)
        return {k: v for k, v in out.items() if len(v) > 1}


def resolve(
    ids: Iterable[int],
    links: Iterable[tuple[int, int, str]],
    *,
    cannot_link: Iterable[tuple[int, int]] = (),
    review: Iterable[ReviewPair] = (),
    decisions: Mapping[tuple[int, int], bool] | None = None,
) -> Resolution:
    """Group ``ids`` by the rule ``links`` (left, right, rule name), never joining a
    ``cannot_link`` pair (different UPRNs) or a rejected pair; confirmed pairs always join."""
    keys = {pk: f"{pk:020d}" for pk in ids}  # zero-padded, so text order is number order
    rules: dict[int, str] = {}
    model = []
    for left, right, rule in links:
        model.append((keys[left], keys[right], 1.0))
        rules.setdefault(left, rule)
        rules.setdefault(right, rule)
    decided: dict[tuple[str, str], bool] = {
        pair_key(keys[a], keys[b]): False for a, b in cannot_link if a in keys and b in keys
    }
    for (a, b), confirmed in (decisions or {}).items():
        if a in keys and b in keys:
            decided[pair_key(keys[a], keys[b])] = confirmed
            if confirmed:
                rules.setdefault(a, "confirmed by an analyst")
                rules.setdefault(b, "confirmed by an analyst")
    entity_of, _conflicts = cluster(keys.values(), model, decided)
    result = Resolution()
    for pk, key in keys.items():
        result.entity_of[pk] = int(entity_of[key])
    sizes: dict[int, int] = {}
    for entity in result.entity_of.values():
        sizes[entity] = sizes.get(entity, 0) + 1
    result.rule_of = {
        pk: rules.get(pk, "") for pk, entity in result.entity_of.items() if sizes[entity] > 1
    }
    decided_ids = {tuple(sorted(p)) for p in (decisions or {})}
    result.review = [
        r
        for r in review
        if result.entity_of[r.left] != result.entity_of[r.right]
        and (min(r.left, r.right), max(r.left, r.right)) not in decided_ids
    ]
    return result


def resolve_by_key(
    values: Mapping[int, str], key_of: Callable[[str], tuple[str, str] | None]
) -> Resolution:
    """Group rows (id -> text as stored) whose ``key_of`` (key, rule name) agree; rows with no
    key stay alone. Each row is linked to the lowest id with its key."""
    first: dict[str, int] = {}
    links = []
    for pk in sorted(values):
        found = key_of(values[pk])
        if found is None:
            continue
        key, rule = found
        if key in first:
            links.append((first[key], pk, rule))
        else:
            first[key] = pk
    return resolve(values, links)
