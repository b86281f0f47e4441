"""Which network node a person record belongs to: the single hook for resolved entities.

A person record is one agency's view of a person; once linkage (web/linking) has joined records
into resolved entities, every record of one entity should be one node on the chart. Until then
each record is its own node. The network code calls only :func:`entity_key_for`.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["entity_key_for"]


def entity_key_for(person_ids: Iterable[int]) -> dict[int, str]:
    """The node id for each person record: ``"person:<id>"`` (no merging yet).

    Replace the body with a lookup of the resolved entity (e.g. ``"entity:<id>"`` shared by
    every record of one entity) to merge people on the chart; the network keeps the record ids
    behind each node in its ``records`` attribute either way.
    """
    return {pk: f"person:{pk}" for pk in person_ids}
