"""The network around one node, to a depth, never more than a browser can draw."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["DEFAULT_NODE_CAP", "EgoNetwork", "UnknownNode", "ego_network"]

DEFAULT_NODE_CAP = 300


class UnknownNode(KeyError):
    """The centre asked for is not in the graph (or the viewer may not see it)."""


@dataclass(frozen=True)
class EgoNetwork:
    """The nodes within ``depth`` steps of ``centre`` (at most ``cap`` of them).

    ``reachable`` counts every node within the depth; when it exceeds the cap, ``truncated``
    is true and ``graph`` keeps the nearest, most strongly tied nodes only.
    """

    centre: str
    depth: int
    cap: int
    graph: nx.Graph
    reachable: int

    @property
    def truncated(self) -> bool:
        return self.reachable > int(self.graph.number_of_nodes())


def ego_network(
    graph: nx.Graph, centre: str, *, depth: int = 2, cap: int = DEFAULT_NODE_CAP
) -> EgoNetwork:
    """Nodes within ``depth`` steps of ``centre``, breadth first, nearest and strongest first.

    Within one ring, nodes with the heaviest edge back to the ring before come first, so a
    capped view keeps the strongest ties. Raises :class:`UnknownNode` for an unknown centre.

    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> sorted(ego_network(g, "b", depth=1).graph.nodes)
    ['a', 'b', 'c']
    """
    if centre not in graph:
        raise UnknownNode(centre)
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    if cap < 1:
        raise ValueError(f"the node cap must be at least 1, not {cap}")
    kept: list[str] = [centre]
    seen = {centre}
    ring = [centre]
    reachable = 1
    for _ in range(depth):
        strength: dict[str, float] = {}
        for node in ring:
            for neighbour, data in graph[node].items():
                if neighbour in seen:
                    continue
                weight = float(data.get("weight", 1))
                strength[neighbour] = max(strength.get(neighbour, 0.0), weight)
        if not strength:
            break
        ordered = sorted(strength, key=lambda n: (-strength[n], str(n)))
        seen.update(ordered)
        reachable += len(ordered)
        room = cap - len(kept)
        if room > 0:
            kept.extend(ordered[:room])
        ring = ordered
    sub = graph.subgraph(kept).copy()
    return EgoNetwork(centre=centre, depth=depth, cap=cap, graph=sub, reachable=reachable)
