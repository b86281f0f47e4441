"""The co-occurrence graph, its filters, the view around a node and its exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.network import (
    I2_COLUMNS,
    Node,
    NodeTypeError,
    Occurrence,
    UnknownNode,
    build_graph,
    edge_facts,
    ego_network,
    to_graphml,
    to_i2_csv,
)

D = dt.date
NODES = [
    Node("person:1", "person", "Jay SMITH", {"flags": ["child"]}),
    Node("person:2", "person", "Kyle BROWN"),
    Node("phone:1", "phone", "07700 900123", {"deal_line": True}),
    Node("location:1", "location", "14 Rosebery Street, LE11 5DX"),
    Node("vehicle:1", "vehicle", "AB12CDE"),
]
OCCURRENCES = [
    Occurrence("event:1", D(2026, 1, 5), "arrest", ("person:1", "phone:1")),
    Occurrence("event:2", D(2026, 2, 9), "stop_search", ("person:1", "phone:1", "location:1")),
    Occurrence("event:3", D(2026, 3, 1), "intelligence", ("person:2", "vehicle:1", "person:1")),
    Occurrence("event:4", None, "intelligence", ("person:2", "phone:1")),
]


def test_edges_count_records_with_dates_and_the_records_behind_them() -> None:
    graph = build_graph(NODES, OCCURRENCES)
    facts = edge_facts(graph, "person:1", "phone:1")
    assert facts.weight == 2
    assert (facts.first, facts.last) == (D(2026, 1, 5), D(2026, 2, 9))
    assert facts.records == ("event:1", "event:2")
    assert facts.kinds == ("arrest", "stop_search")
    assert graph.nodes["person:1"]["flags"] == ["child"]


def test_the_same_record_twice_counts_once() -> None:
    graph = build_graph(NODES, [OCCURRENCES[0], OCCURRENCES[0]])
    assert graph.edges["person:1", "phone:1"]["weight"] == 1


def test_date_filter_keeps_only_dated_records_in_range() -> None:
    graph = build_graph(NODES, OCCURRENCES, start=D(2026, 2, 1), end=D(2026, 2, 28))
    assert edge_facts(graph, "person:1", "phone:1").records == ("event:2",)
    assert not graph.has_edge("person:2", "phone:1")  # undated: outside any date filter
    assert not graph.has_edge("person:2", "vehicle:1")


def test_kind_filter() -> None:
    graph = build_graph(NODES, OCCURRENCES, kinds=["intelligence"])
    assert set(map(frozenset, graph.edges)) == {
        frozenset({"person:2", "vehicle:1"}),
        frozenset({"person:1", "person:2"}),
        frozenset({"person:1", "vehicle:1"}),
        frozenset({"person:2", "phone:1"}),
    }


def test_occurrences_naming_unknown_nodes_ignore_them() -> None:
    graph = build_graph(NODES[:2], OCCURRENCES)
    assert set(graph.nodes) == {"person:1", "person:2"}
    assert graph.number_of_edges() == 1


def test_bad_node_type_is_named() -> None:
    with pytest.raises(NodeTypeError, match=r"'boat'.*person, phone, location, vehicle, line"):
        Node("boat:1", "boat", "x")


def test_ego_network_depth_and_cap() -> None:
    graph = nx.Graph()
    graph.add_edge("c", "a", weight=5)
    graph.add_edge("c", "b", weight=1)
    graph.add_edge("a", "far", weight=1)
    one = ego_network(graph, "c", depth=1)
    assert set(one.graph.nodes) == {"a", "b", "c"}
    assert not one.truncated
    capped = ego_network(graph, "c", depth=2, cap=2)
    assert set(capped.graph.nodes) == {"c", "a"}  # the strongest tie is kept
    assert capped.truncated
    assert capped.reachable == 4
    with pytest.raises(UnknownNode):
        ego_network(graph, "nobody")


def test_graphml_round_trips_through_networkx() -> None:
    graph = build_graph(NODES, OCCURRENCES)
    parsed = nx.read_graphml(io.BytesIO(to_graphml(graph)))
    assert set(parsed.nodes) == set(graph.nodes)
    assert parsed.edges["person:1", "phone:1"]["records"] == "event:1;event:2"
    assert parsed.edges["person:1", "phone:1"]["first"] == "2026-01-05"
    assert parsed.nodes["phone:1"]["deal_line"] is True


def test_i2_csv_has_one_row_per_link_with_both_ends() -> None:
    graph = build_graph(NODES, OCCURRENCES)
    rows = list(csv.DictReader(io.StringIO(to_i2_csv(graph))))
    assert tuple(rows[0].keys()) == I2_COLUMNS
    assert len(rows) == graph.number_of_edges()
    link = next(
        r for r in rows if {r["Entity1 Identity"], r["Entity2 Identity"]} == {"person:1", "phone:1"}
    )
    assert {link["Entity1 Type"], link["Entity2 Type"]} == {"Person", "Telephone"}
    assert link["Link Weight"] == "2"
    assert link["Link Strength"] == "Unconfirmed"
    assert (link["First Date"], link["Last Date"]) == ("2026-01-05", "2026-02-09")
    assert link["Records"] == "event:1;event:2"


def test_i2_csv_neutralises_formula_labels() -> None:
    graph = build_graph(
        [Node("person:1", "person", "=HYPERLINK(1)"), Node("person:2", "person", "B")],
        [Occurrence("event:1", None, "asb", ("person:1", "person:2"))],
    )
    assert "'=HYPERLINK(1)" in to_i2_csv(graph)


node_ids = st.sampled_from([f"person:{i}" for i in range(6)] + [f"phone:{i}" for i in range(4)])
occurrences = st.lists(
    st.builds(
        Occurrence,
        record_id=st.integers(0, 30).map(lambda i: f"event:{i}"),
        date=st.none() | st.dates(D(2025, 1, 1), D(2026, 12, 31)),
        kind=st.sampled_from(["arrest", "asb", "intelligence"]),
        node_ids=st.lists(node_ids, max_size=4).map(tuple),
    ),
    max_size=25,
)
ALL_NODES = [Node(f"person:{i}", "person", f"P{i}") for i in range(6)] + [
    Node(f"phone:{i}", "phone", f"07700 90000{i}") for i in range(4)
]


@given(occurrences)
def test_order_does_not_matter_and_weights_are_distinct_record_counts(
    found: list[Occurrence],
) -> None:
    forward = build_graph(ALL_NODES, found)
    backward = build_graph(ALL_NODES, list(reversed(found)))
    assert nx.utils.edges_equal(forward.edges(data=True), backward.edges(data=True))
    for a, b, data in forward.edges(data=True):
        behind = {o.record_id for o in found if a in o.node_ids and b in o.node_ids}
        assert data["weight"] == len(behind) == len(data["records"])
        dated = [o.date for o in found if a in o.node_ids and b in o.node_ids and o.date]
        assert data["first"] == (min(dated) if dated else None)


@given(occurrences, st.integers(0, 3), st.integers(1, 10))
def test_ego_network_never_exceeds_the_cap(found: list[Occurrence], depth: int, cap: int) -> None:
    graph = build_graph(ALL_NODES, found)
    ego = ego_network(graph, "person:0", depth=depth, cap=cap)
    assert ego.graph.number_of_nodes() <= cap
    assert "person:0" in ego.graph
    assert ego.truncated == (ego.reachable > ego.graph.number_of_nodes())
    within = nx.single_source_shortest_path_length(graph, "person:0", cutoff=depth)
    assert ego.reachable == len(within)
    assert set(ego.graph.nodes) <= set(within)


def test_standing_relations_survive_a_date_filter_unless_their_period_is_outside() -> None:
    found = [
        Occurrence("home:1", None, "lives_at", ("person:1", "location:1"), standing=True),
        Occurrence(
            "member:1", D(2025, 1, 1), "register", ("person:2", "person:1"), D(2025, 6, 1), True
        ),
        Occurrence("number:1", D(2026, 3, 1), "register", ("phone:1", "person:2"), None, True),
    ]
    graph = build_graph(NODES, found, start=D(2026, 1, 1), end=D(2026, 2, 1))
    assert graph.has_edge("person:1", "location:1")
    assert not graph.has_edge("person:1", "person:2")  # ended before the filter starts
    assert not graph.has_edge("phone:1", "person:2")  # began after the filter ends
