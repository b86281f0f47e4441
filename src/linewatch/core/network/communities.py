"""Clusters that look like county lines, proposed by community detection.

Louvain modularity (Blondel et al. 2008, as in :func:`networkx.community.louvain_communities`)
splits the weighted co-occurrence graph into communities; each is then described by what a
line is made of — a deal-line phone, several people, addresses — and proposed as a line when
it has all three. The result is a proposal for an analyst, with the reasons written out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

__all__ = [
    "DEAL_LINE_MIN_PHONE_CONTACTS",
    "Cluster",
    "detect_clusters",
    "looks_like_deal_line",
]

DEAL_LINE_MIN_PHONE_CONTACTS = 5
MIN_PEOPLE = 2
MIN_LOCATIONS = 1


def looks_like_deal_line(graph: nx.Graph, node: str) -> bool:
    """A registered deal line, or a phone in contact with many other phones."""
    data = graph.nodes[node]
    if data.get("type") != "phone":
        return False
    if data.get("deal_line"):
        return True
    phones = sum(1 for n in graph[node] if graph.nodes[n].get("type") == "phone")
    return phones >= DEAL_LINE_MIN_PHONE_CONTACTS


@dataclass(frozen=True)
class Cluster:
    """One proposed community, described as a possible line."""

    number: int
    nodes: tuple[str, ...]
    counts: dict[str, int]
    deal_lines: tuple[str, ...]
    lines: tuple[str, ...]
    looks_like_line: bool
    reasons: tuple[str, ...]

    @property
    def people(self) -> int:
        return self.counts.get("person", 0)


def _describe(graph: nx.Graph, number: int, members: set[str]) -> Cluster:
    nodes = tuple(sorted(members))
    counts = dict(Counter(str(graph.nodes[n].get("type", "")) for n in nodes))
    deal_lines = tuple(n for n in nodes if looks_like_deal_line(graph, n))
    lines = tuple(n for n in nodes if graph.nodes[n].get("type") == "line")
    people, locations = counts.get("person", 0), counts.get("location", 0)
    reasons: list[str] = []
    if deal_lines:
        labels = ", ".join(str(graph.nodes[n].get("label", n)) for n in deal_lines[:3])
        reasons.append(f"contains {len(deal_lines)} phone(s) used as a deal line ({labels})")
    else:
        reasons.append("no phone that looks like a deal line")
    reasons.append(
        f"{people} people" + ("" if people >= MIN_PEOPLE else f" (a line needs {MIN_PEOPLE}+)")
    )
    reasons.append(
        f"{locations} addresses"
        + ("" if locations >= MIN_LOCATIONS else " (a line uses at least one)")
    )
    if lines:
        labels = ", ".join(str(graph.nodes[n].get("label", n)) for n in lines)
        reasons.append(f"already in the register as {labels}")
    looks = bool(deal_lines) and people >= MIN_PEOPLE and locations >= MIN_LOCATIONS
    return Cluster(
        number=number,
        nodes=nodes,
        counts=counts,
        deal_lines=deal_lines,
        lines=lines,
        looks_like_line=looks,
        reasons=tuple(reasons),
    )


def _communities(graph: nx.Graph, *, seed: int, resolution: float) -> list[set[str]]:
    """Louvain on the graph without its pendant nodes, then each pendant joins its only
    neighbour's community: a deal line's many one-off customers would otherwise form a star
    community of their own, cut off from the people who run the line."""
    pendants = {n for n in graph if graph.degree(n) == 1}
    core = graph.subgraph(n for n in graph if n not in pendants and graph.degree(n) > 0)
    found = (
        nx.community.louvain_communities(core, weight="weight", resolution=resolution, seed=seed)
        if core.number_of_edges()
        else []
    )
    communities = [set(c) for c in found]
    where = {n: i for i, c in enumerate(communities) for n in c}
    for pendant in sorted(pendants, key=str):
        (neighbour,) = graph[pendant]
        if neighbour in where:
            communities[where[neighbour]].add(pendant)
        else:  # an isolated pair: the two ends are their own community
            where[pendant] = where[neighbour] = len(communities)
            communities.append({pendant, neighbour})
    return communities


def detect_clusters(
    graph: nx.Graph, *, seed: int = 0, resolution: float = 1.0, min_size: int = 3
) -> list[Cluster]:
    """Louvain communities of ``graph``, pendant nodes attached to their neighbour's (seeded,
    so the same graph gives the same clusters), line-like ones first, then by size;
    communities smaller than ``min_size`` are left out.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1)
    >>> detect_clusters(g, min_size=3)
    []
    """
    if graph.number_of_edges() == 0:
        return []
    communities = _communities(graph, seed=seed, resolution=resolution)
    ordered = sorted(
        (set(c) for c in communities if len(c) >= min_size),
        key=lambda c: (-len(c), min(str(n) for n in c)),
    )
    clusters = [_describe(graph, i + 1, members) for i, members in enumerate(ordered)]
    return sorted(clusters, key=lambda c: (not c.looks_like_line, c.number))
