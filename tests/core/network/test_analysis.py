"""Clusters that look like lines, role suggestions with reasons, continuity of numbers."""

from __future__ import annotations

import datetime as dt

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linewatch.core.network import (
    Node,
    Occurrence,
    build_graph,
    contacts_of,
    detect_clusters,
    propose_same_line,
    suggest_roles,
)

D = dt.date(2026, 2, 1)


def line_shaped(prefix: str, deal_line: bool = True) -> tuple[list[Node], list[Occurrence]]:
    """A controller, a holder on the deal line, two child runners at a cuckooed flat whose
    vulnerable resident lives there, and six customers texting the deal line; a seizure at the
    flat and an intelligence report tie the people who run it together."""
    p = prefix
    nodes = [
        Node(f"person:{p}c", "person", f"{p} controller", {"age": 24}),
        Node(f"person:{p}h", "person", f"{p} holder", {"age": 19}),
        Node(f"person:{p}r1", "person", f"{p} runner 1", {"flags": ["child"]}),
        Node(f"person:{p}r2", "person", f"{p} runner 2", {"flags": ["child", "missing_history"]}),
        Node(f"person:{p}v", "person", f"{p} resident", {"flags": ["adult_at_risk"]}),
        Node(f"person:{p}u", "person", f"{p} user", {"flags": ["substance_use"]}),
        Node(f"phone:{p}d", "phone", f"{p} deal", {"deal_line": deal_line}),
        Node(f"phone:{p}u", "phone", f"{p} user phone"),
        Node(f"location:{p}f", "location", f"{p} flat", {"cuckooed": True}),
    ]
    nodes += [Node(f"phone:{p}k{i}", "phone", f"{p} customer {i}") for i in range(5)]
    occ = [
        Occurrence(f"{p}e1", D, "intelligence", (f"person:{p}c", f"person:{p}h")),
        Occurrence(f"{p}e2", D, "intelligence", (f"person:{p}c", f"person:{p}r1")),
        Occurrence(f"{p}e3", D, "intelligence", (f"person:{p}c", f"person:{p}r2")),
        Occurrence(f"{p}e4", D, "uses_phone", (f"person:{p}h", f"phone:{p}d")),
        Occurrence(f"{p}e5", D, "stop_search", (f"person:{p}r1", f"location:{p}f")),
        Occurrence(f"{p}e6", D, "arrest", (f"person:{p}r2", f"location:{p}f")),
        Occurrence(f"{p}e7", D, "lives_at", (f"person:{p}v", f"location:{p}f")),
        Occurrence(f"{p}e8", D, "uses_phone", (f"person:{p}u", f"phone:{p}u")),
        Occurrence(f"{p}e9", D, "handset_contact", (f"phone:{p}d", f"phone:{p}u")),
        Occurrence(
            f"{p}e10",
            D,
            "drug_seizure",
            (f"person:{p}h", f"person:{p}r1", f"phone:{p}d", f"location:{p}f"),
        ),
        Occurrence(f"{p}e11", D, "intelligence", (f"person:{p}c", f"person:{p}h", f"phone:{p}d")),
    ]
    occ += [
        Occurrence(f"{p}k{i}", D, "handset_contact", (f"phone:{p}d", f"phone:{p}k{i}"))
        for i in range(5)
    ]
    return nodes, occ


def two_lines() -> nx.Graph:
    a_nodes, a_occ = line_shaped("A")
    b_nodes, b_occ = line_shaped("B", deal_line=False)
    bridge = Occurrence("bridge", D, "asb", ("person:Au", "person:Bu"))
    return build_graph(a_nodes + b_nodes, [*a_occ, *b_occ, bridge])


def test_clusters_recover_both_lines_with_reasons() -> None:
    clusters = detect_clusters(two_lines(), seed=7)
    lines = [c for c in clusters if c.looks_like_line]
    assert len(lines) == 2
    found = {c.deal_lines for c in lines}
    assert found == {("phone:Ad",), ("phone:Bd",)}  # B's is found by its many phone contacts
    assert any("phone(s) used as a deal line" in r for r in lines[0].reasons)
    assert lines[0].counts["person"] >= 2


def test_clusters_are_reproducible_with_a_seed() -> None:
    graph = two_lines()
    assert detect_clusters(graph, seed=3) == detect_clusters(graph, seed=3)


def test_roles_are_suggested_with_reasons() -> None:
    nodes, occ = line_shaped("A")
    suggestions = {s.node: s for s in suggest_roles(build_graph(nodes, occ))}
    assert suggestions["person:Ah"].role == "holder"
    assert suggestions["person:Ac"].role == "controller"
    assert suggestions["person:Ar1"].role == "runner"
    assert suggestions["person:Ar2"].role == "runner"
    assert suggestions["person:Av"].role == "cuckooed_resident"
    assert suggestions["person:Au"].role == "user"
    assert any("betweenness" in r for r in suggestions["person:Ac"].reasons)
    assert any("history of going missing" in r for r in suggestions["person:Ar2"].reasons)
    assert all(s.reasons for s in suggestions.values())


def test_a_child_is_never_suggested_as_controller() -> None:
    nodes, occ = line_shaped("A")
    nodes[0] = Node("person:Ac", "person", "young controller", {"flags": ["child"]})
    suggestions = {s.node: s for s in suggest_roles(build_graph(nodes, occ))}
    assert suggestions["person:Ac"].role != "controller"


def test_new_number_reaching_the_same_customers_is_proposed_as_the_same_line() -> None:
    nodes, occ = line_shaped("A")
    nodes.append(Node("phone:new", "phone", "new number"))
    occ += [
        Occurrence(f"n{i}", D, "handset_contact", ("phone:new", f"phone:Ak{i}")) for i in range(4)
    ]
    occ.append(Occurrence("n9", D, "handset_contact", ("phone:new", "phone:stranger")))
    graph = build_graph(nodes, occ)
    new = contacts_of(graph, "phone:new")
    old = contacts_of(graph, "phone:Ad")
    proposals = propose_same_line(new, {"line:1": old, "line:2": {"phone:x"}})
    assert [p.line for p in proposals] == ["line:1"]
    assert proposals[0].shared == 4
    assert "4 of the new number's contacts" in proposals[0].reason


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])  # a busy 2-core box
@given(
    st.sets(st.integers(0, 20), max_size=12),
    st.dictionaries(st.sampled_from(["l1", "l2", "l3"]), st.sets(st.integers(0, 20), max_size=12)),
)
def test_proposals_meet_the_thresholds(new: set[int], lines: dict[str, set[int]]) -> None:
    as_str = {k: {str(v) for v in vs} for k, vs in lines.items()}
    for proposal in propose_same_line({str(v) for v in new}, as_str):
        assert proposal.shared >= 3
        assert 0.3 <= proposal.overlap <= 1
        assert 0 < proposal.jaccard <= proposal.overlap
