"""The network around a centre, as the viewer may see it: read, built, capped, explained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from linewatch.core.network import (
    DEFAULT_NODE_CAP,
    EgoNetwork,
    RoleSuggestion,
    build_graph,
    ego_network,
    suggest_roles,
)
from linewatch.web.network.collect import collect_around, parse_ref

__all__ = ["NetworkView", "cytoscape_elements", "network_around", "node_marker"]

MARKER_MODELS = {
    "person": "person",
    "phone": "phone",
    "location": "location",
    "vehicle": "vehicle",
    "line": "countyline",
}


@dataclass(frozen=True)
class NetworkView:
    """What the page, the JSON and the exports show."""

    centre: str
    ego: EgoNetwork
    read_complete: bool
    roles: list[RoleSuggestion]

    @property
    def graph(self) -> nx.Graph:
        return self.ego.graph

    @property
    def too_large(self) -> bool:
        return self.ego.truncated or not self.read_complete


def network_around(
    user: Any,
    centre: str,
    *,
    depth: int = 2,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: Iterable[str] | None = None,
    cap: int = DEFAULT_NODE_CAP,
) -> NetworkView | None:
    """The network within ``depth`` links of ``centre`` (``"phone:12"``), at most ``cap`` nodes;
    None when the viewer may not see the centre. Raises ``BadCentre`` for a malformed one."""
    ref = parse_ref(centre)
    collected = collect_around(user, ref, depth=depth, start=start, end=end, kinds=kinds)
    if collected is None:
        return None
    centre_id = collected.node_of.get(f"{ref[0]}:{ref[1]}", centre)
    graph = build_graph(
        collected.nodes.values(), collected.occurrences.values(), start=start, end=end
    )
    ego = ego_network(graph, centre_id, depth=depth, cap=cap)
    return NetworkView(
        centre=centre_id,
        ego=ego,
        read_complete=collected.complete,
        roles=suggest_roles(ego.graph),
    )


def node_marker(node: str, data: dict[str, Any]) -> list[str]:
    """The ``model:pk`` markers of the records behind a node (for ``data-record``)."""
    if data.get("records"):
        return [str(r) for r in data["records"]]
    kind, _, pk = node.partition(":")
    return [f"{MARKER_MODELS.get(kind, kind)}:{pk}"]


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return value


def cytoscape_elements(view: NetworkView) -> dict[str, Any]:
    """The graph as Cytoscape.js elements, with the cap and the role suggestions."""
    roles = {s.node: s for s in view.roles}
    nodes = []
    for node, data in view.graph.nodes(data=True):
        item = {k: _json_value(v) for k, v in data.items()}
        item["id"] = node
        item["centre"] = node == view.centre
        if node in roles:
            item["suggested_role"] = roles[node].role_label
            item["role_reasons"] = list(roles[node].reasons)
        nodes.append({"data": item})
    edges = []
    for a, b, data in view.graph.edges(data=True):
        item = {k: _json_value(v) for k, v in data.items()}
        item.update(id=f"{a}|{b}", source=a, target=b)
        edges.append({"data": item})
    return {
        "centre": view.centre,
        "depth": view.ego.depth,
        "cap": view.ego.cap,
        "reachable": view.ego.reachable,
        "truncated": view.too_large,
        "elements": {"nodes": nodes, "edges": edges},
    }
