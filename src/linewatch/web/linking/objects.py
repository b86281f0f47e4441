"""Resolved phones, locations and vehicles: reading the memberships the resolution wrote.

The resolution itself (deterministic rules in :mod:`linewatch.core.linking.phones`,
``locations`` and ``vehicles``) is run by :mod:`linewatch.web.linking.object_runs`.
"""

from __future__ import annotations

from collections.abc import Iterable

from linewatch.web.linking.models import ObjectEntity

RESOLVED_KINDS = ("phone", "location", "vehicle")
CHUNK = 2000


def entity_of_objects(kind: str, ids: Iterable[int]) -> dict[int, str]:
    """Object id -> entity key (an unresolved row is its own entity, ``<kind>:<id>``)."""
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    for i in range(0, len(wanted), CHUNK):
        rows = ObjectEntity.objects.filter(kind=kind, object_id__in=wanted[i : i + CHUNK])
        found.update(rows.values_list("object_id", "entity_key"))
    return {pk: found.get(pk, f"{kind}:{pk}") for pk in wanted}


def mates_of_objects(kind: str, ids: Iterable[int]) -> set[int]:
    """The given rows and every row of the same kind in the same entities."""
    wanted = set(ids)
    keys = set(entity_of_objects(kind, wanted).values())
    ordered = sorted(keys)
    for i in range(0, len(ordered), CHUNK):
        rows = ObjectEntity.objects.filter(kind=kind, entity_key__in=ordered[i : i + CHUNK])
        wanted.update(int(pk) for pk in rows.values_list("object_id", flat=True))
    return wanted
