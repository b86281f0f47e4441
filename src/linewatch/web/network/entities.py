"""Which network node a record belongs to: resolved people, phones, locations and vehicles.

A person record is one agency's view of a person; linkage (``web/linking``) joins records into
resolved entities, and the resolution of phones, locations and vehicles
(``web/linking/objects``) does the same for those. Every record of one entity is one node.

The node is named after the **lowest id among the records the viewer was given**, never after
the entity's own key (``E<lowest id>`` may be a record the viewer may not see): the callers pass
only visible ids, so a node says nothing about records hidden from the viewer. Records of other
kinds (lines) are their own nodes.
"""

from __future__ import annotations

from collections.abc import Iterable

from linewatch.web.linking.entities import entity_of_persons, members_of_entities_of
from linewatch.web.linking.objects import RESOLVED_KINDS, entity_of_objects, mates_of_objects

__all__ = ["entity_key_for", "entity_mates", "node_keys"]


def _entity_of(kind: str, ids: list[int]) -> dict[int, str]:
    if kind == "person":
        return entity_of_persons(ids)
    if kind in RESOLVED_KINDS:
        return entity_of_objects(kind, ids)
    return {pk: f"{kind}:{pk}" for pk in ids}


def node_keys(kind: str, ids: Iterable[int]) -> dict[int, str]:
    """Each record id -> its node id, ``"<kind>:<lowest given id of its entity>"``."""
    ordered = sorted(set(ids))
    entity = _entity_of(kind, ordered)
    first: dict[str, int] = {}
    for pk in ordered:  # ascending, so the first seen is the lowest
        first.setdefault(entity[pk], pk)
    return {pk: f"{kind}:{first[entity[pk]]}" for pk in ordered}


def entity_key_for(person_ids: Iterable[int]) -> dict[int, str]:
    """The node id for each (visible) person record; records of one entity share it."""
    return node_keys("person", person_ids)


def entity_mates(kind: str, ids: Iterable[int]) -> set[int]:
    """The given records and every record resolved into the same entities (not yet filtered
    by the access policy: the caller keeps only those the viewer may see)."""
    wanted = set(ids)
    if not wanted:
        return set()
    if kind == "person":
        return members_of_entities_of(wanted)
    if kind in RESOLVED_KINDS:
        return mates_of_objects(kind, wanted)
    return wanted
