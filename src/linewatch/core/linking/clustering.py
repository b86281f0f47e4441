"""Grouping linked records into entities, with analysts' decisions over the model.

Confirmed pairs always join. Model links at or above the auto-link threshold join in order
of falling probability, except when joining would put two records of a rejected pair in
the same entity (a rejection is a cannot-link constraint, so it also blocks chains of
links). Nothing is merged destructively: the result is a mapping record → entity.

An entity's id is the smallest record id in it, unless it contains a record that already
had an entity id (incremental linking), in which case it keeps that id; model links never
merge two existing entities (only a confirmation can).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["cluster", "pair_key"]


def pair_key(left: str, right: str) -> tuple[str, str]:
    """The pair in its stored order (smaller id first)."""
    return (left, right) if left <= right else (right, left)


class _Groups:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {record: record for record in ids}
        self.members = {record: {record} for record in self.parent}

    def find(self, record: str) -> str:
        root = record
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[record] != root:
            self.parent[record], record = root, self.parent[record]
        return root

    def union(self, left: str, right: str) -> None:
        a, b = self.find(left), self.find(right)
        if a == b:
            return
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)


def cluster(
    ids: Iterable[str],
    links: Iterable[tuple[str, str, float]],
    decisions: Mapping[tuple[str, str], bool],
    existing_entity_of: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Entities for ``ids`` from model ``links`` (left, right, probability) already at or
    above the auto-link threshold, overridden by ``decisions``.

    Records in ``existing_entity_of`` start in their existing entities. Returns the
    record → entity mapping and the rejected pairs that confirmations joined anyway.
    """
    groups = _Groups(ids)
    known = dict(existing_entity_of or {})
    by_entity: dict[str, list[str]] = {}
    for record, entity in known.items():
        if record in groups.parent:
            by_entity.setdefault(entity, []).append(record)
    for members in by_entity.values():
        for other in members[1:]:
            groups.union(members[0], other)
    rejected: dict[str, set[str]] = {}
    for (left, right), confirmed in decisions.items():
        if left in groups.parent and right in groups.parent:
            if confirmed:
                groups.union(left, right)
            else:
                rejected.setdefault(left, set()).add(right)
                rejected.setdefault(right, set()).add(left)

    def entities(root: str) -> set[str]:
        return {known[m] for m in groups.members[root] if m in known}

    def forbidden(a: str, b: str) -> bool:
        # Model links never merge two existing entities: that is an analyst's call.
        if entities(a) and entities(b) and entities(a) != entities(b):
            return True
        small, large = sorted((groups.members[a], groups.members[b]), key=len)
        return any(rejected.get(record, set()) & large for record in small)

    for left, right, _probability in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        if left not in groups.parent or right not in groups.parent:
            continue
        if decisions.get(pair_key(left, right)) is False:
            continue
        a, b = groups.find(left), groups.find(right)
        if a != b and not forbidden(a, b):
            groups.union(a, b)

    entity_of: dict[str, str] = {}
    for group in groups.members.values():
        existing = sorted({known[m] for m in group if m in known})
        entity = existing[0] if existing else min(group)
        for member in group:
            entity_of[member] = entity
    conflicts = sorted(
        pair_key(left, right)
        for (left, right), confirmed in decisions.items()
        if not confirmed
        and left in entity_of
        and right in entity_of
        and entity_of[left] == entity_of[right]
    )
    return entity_of, conflicts
