"""The co-occurrence graph: people, phones, places, vehicles and lines, joined by the records
that mention them together.

Inputs are plain values: :class:`Node` (an id such as ``"person:12"``, a type and a label) and
:class:`Occurrence` (one record — an event, a report, a register entry — with its date, kind
and the nodes it involves). Every pair of nodes in one occurrence gets an edge; an edge's
``weight`` is the number of distinct records behind it, with the first and last dates and the
record ids kept, so every link on a chart can be traced to what says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

__all__ = [
    "NODE_TYPES",
    "EdgeFacts",
    "Node",
    "NodeTypeError",
    "Occurrence",
    "build_graph",
    "edge_facts",
]

NODE_TYPES = ("person", "phone", "location", "vehicle", "line")


class NodeTypeError(ValueError):
    """A node whose type is not one of :data:`NODE_TYPES`."""


@dataclass(frozen=True)
class Node:
    """One person, phone, location, vehicle or line on the chart.

    ``attrs`` carries what the analytics read: for a person ``flags`` (vulnerability flags,
    e.g. ``"child"``) and ``age``; for a phone ``deal_line`` (it is a registered deal line);
    for a location ``cuckooed``.
    """

    id: str
    type: str
    label: str
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in NODE_TYPES:
            raise NodeTypeError(
                f"node {self.id!r} has type {self.type!r}; expected one of {', '.join(NODE_TYPES)}"
            )


@dataclass(frozen=True)
class Occurrence:
    """One record that puts several nodes together (an event, a report, a register entry).

    A *standing* occurrence is a relation that holds over a period (a register entry, where a
    person lives) rather than something that happened on a day: ``date`` and ``until`` bound
    the period, either may be unknown, and a date filter keeps it unless the period lies
    wholly outside the filter.
    """

    record_id: str
    date: dt.date | None
    kind: str
    node_ids: tuple[str, ...]
    until: dt.date | None = None
    standing: bool = False


@dataclass(frozen=True)
class EdgeFacts:
    """What stands behind one edge: how many records, when, of which kinds, which ones."""

    weight: int
    first: dt.date | None
    last: dt.date | None
    kinds: tuple[str, ...]
    records: tuple[str, ...]


def _in_range(occurrence: Occurrence, start: dt.date | None, end: dt.date | None) -> bool:
    if start is None and end is None:
        return True
    day = occurrence.date
    if occurrence.standing:
        began_after = day is not None and end is not None and day > end
        ended_before = (
            occurrence.until is not None and start is not None and occurrence.until < start
        )
        return not (began_after or ended_before)
    if day is None:
        return False  # an undated record cannot be placed inside a date filter
    return (start is None or day >= start) and (end is None or day <= end)


def build_graph(
    nodes: Iterable[Node],
    occurrences: Iterable[Occurrence],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: Iterable[str] | None = None,
) -> nx.Graph:
    """Build the weighted co-occurrence graph, optionally only from records dated within
    ``start``..``end`` (inclusive) and of the given ``kinds``.

    Nodes no kept record mentions stay in the graph with no edges; occurrences naming a node
    not given are ignored for that node (the caller decides what the viewer may see).

    >>> g = build_graph(
    ...     [Node("person:1", "person", "A"), Node("phone:2", "phone", "07700 900123")],
    ...     [Occurrence("event:9", dt.date(2026, 1, 5), "arrest", ("person:1", "phone:2"))],
    ... )
    >>> g.edges["person:1", "phone:2"]["weight"]
    1
    """
    wanted = None if kinds is None else frozenset(kinds)
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node.id, type=node.type, label=node.label, **dict(node.attrs))
    collected: dict[tuple[str, str], dict[str, Any]] = {}
    for occurrence in occurrences:
        if wanted is not None and occurrence.kind not in wanted:
            continue
        if not _in_range(occurrence, start, end):
            continue
        present = sorted({n for n in occurrence.node_ids if n in graph})
        for a, b in combinations(present, 2):
            facts = collected.setdefault(
                (a, b), {"records": set(), "kinds": set(), "first": None, "last": None}
            )
            facts["records"].add(occurrence.record_id)
            facts["kinds"].add(occurrence.kind)
            day = occurrence.date
            if day is not None:
                if facts["first"] is None or day < facts["first"]:
                    facts["first"] = day
                if facts["last"] is None or day > facts["last"]:
                    facts["last"] = day
    for (a, b), facts in collected.items():
        records = tuple(sorted(facts["records"]))
        graph.add_edge(
            a,
            b,
            weight=len(records),
            first=facts["first"],
            last=facts["last"],
            kinds=tuple(sorted(facts["kinds"])),
            records=records,
        )
    return graph


def edge_facts(graph: nx.Graph, a: str, b: str) -> EdgeFacts:
    """The facts behind the edge between ``a`` and ``b``."""
    data = graph.edges[a, b]
    return EdgeFacts(
        weight=int(data["weight"]),
        first=data.get("first"),
        last=data.get("last"),
        kinds=tuple(data.get("kinds", ())),
        records=tuple(data.get("records", ())),
    )
