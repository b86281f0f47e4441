"""Network clustering on the demo year: how many of the register's true lines the clusters
recover from the records alone, ours against plain networkx community detection.

The register knows the scenario's lines (the simulator's ground truth). The graph is read as a
police analyst sees it, from events only (register entries left out) and with the deal-line
marks removed, so a cluster must find a deal line by its many phone contacts. A true line is
recovered when a cluster that looks like a line holds one of its deal-line numbers.

Ours: Louvain with pendant nodes folded into their neighbour's community
(:func:`linewatch.core.network.detect_clusters`). Peers on the same graph: networkx's plain
``louvain_communities`` and ``label_propagation_communities``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from bench.report import demo_database

SEED = 0


def _setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")
    import django

    django.setup()


def _graph() -> tuple[Any, dict[str, set[str]], float]:
    from linewatch.core.network import Node, build_graph
    from linewatch.web.accounts.models import Agency, User
    from linewatch.web.events.models import EVENT_KINDS
    from linewatch.web.lines.models import DealLineNumber
    from linewatch.web.network.collect import collect_all

    analyst = User(
        username="bench.analyst",
        role="police_analyst",
        agency=Agency.objects.get(code="leicestershire-police"),
    )
    started = time.perf_counter()
    collected = collect_all(analyst, kinds=[k for k, _ in EVENT_KINDS])
    nodes = [
        Node(n.id, n.type, n.label, {k: v for k, v in n.attrs.items() if k != "deal_line"})
        for n in collected.nodes.values()
    ]
    graph = build_graph(nodes, collected.occurrences.values())
    read = time.perf_counter() - started
    truth: dict[str, set[str]] = {}
    for line_id, phone_id in DealLineNumber.objects.values_list("line_id", "phone_id"):
        truth.setdefault(f"line:{line_id}", set()).add(f"phone:{phone_id}")
    return graph, truth, read


def _score(graph: Any, clusters: list[Any], truth: dict[str, set[str]]) -> tuple[int, int, int]:
    """(true lines recovered, line-like clusters, line-like clusters holding no true number).

    One to one: each line-like cluster stands for the true line with most of its numbers in
    it, so a cluster that merges two lines recovers only one of them.
    """
    line_like = [c for c in clusters if c.looks_like_line]
    recovered: set[str] = set()
    empty = 0
    for cluster in line_like:
        members = set(cluster.nodes)
        hits = sorted((-len(numbers & members), line) for line, numbers in truth.items())
        if hits and hits[0][0] < 0:
            recovered.add(hits[0][1])
        else:
            empty += 1
    return len(recovered), len(line_like), empty


def _peer(graph: Any, communities: Callable[[Any], Any]) -> list[Any]:
    from linewatch.core.network.communities import _describe

    found = [set(c) for c in communities(graph) if len(c) >= 3]
    return [_describe(graph, i + 1, c) for i, c in enumerate(found)]


def run(scale: float = 1.0) -> None:
    import networkx as nx

    database, events = demo_database(scale)
    _setup(database)
    from linewatch.core.network import detect_clusters

    graph, truth, read = _graph()
    findable = sum(1 for numbers in truth.values() if numbers & set(graph))
    print(
        f"network: {events:,} events (demo year, scale {scale}); graph of "
        f"{graph.number_of_nodes():,} nodes and {graph.number_of_edges():,} links read in "
        f"{read:.1f} s; {len(truth)} registered lines, {findable} with a number in the records"
    )
    runs: list[tuple[str, Callable[[], list[Any]]]] = [
        ("ours (Louvain, pendants folded)", lambda: detect_clusters(graph, seed=SEED)),
        (
            "networkx louvain_communities",
            lambda: _peer(
                graph, lambda g: nx.community.louvain_communities(g, weight="weight", seed=SEED)
            ),
        ),
        (
            "networkx label_propagation",
            lambda: _peer(graph, nx.community.label_propagation_communities),
        ),
    ]
    ours_time = None
    for name, method in runs:
        started = time.perf_counter()
        clusters = method()
        took = time.perf_counter() - started
        ours_time = ours_time or took
        recovered, line_like, empty = _score(graph, clusters, truth)
        print(
            f"    {name}: {recovered}/{findable} true lines recovered, {line_like} line-like "
            f"clusters ({empty} with no true number), {took:.2f} s "
            f"(ratio to ours {took / ours_time:.2f})"
        )
