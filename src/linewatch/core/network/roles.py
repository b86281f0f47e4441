"""Role suggestions for the people in a network: controller, line holder, runner, cuckooed
resident, user — always suggestions, each with the reasons that led to it.

The rules read a person's position (betweenness centrality, Freeman 1977; degree) and what
they touch (deal-line phones, addresses, the kinds of records behind their links, age and
vulnerability flags). They describe the typical shape of a line (DOMAIN.md §4): a holder on the
deal line, an adult controller between the others, young runners at addresses, vulnerable
residents whose homes are used, customers reaching the deal line from their own phones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from linewatch.core.network.communities import looks_like_deal_line

__all__ = ["ROLE_LABELS", "RoleSuggestion", "suggest_roles"]

ROLE_LABELS = {
    "controller": "Controller",
    "holder": "Line holder",
    "runner": "Runner",
    "cuckooed_resident": "Cuckooed resident",
    "user": "User / customer",
}
VULNERABLE_FLAGS = frozenset(
    {
        "adult_at_risk",
        "substance_use",
        "learning_disability",
        "mental_health",
        "older_isolated",
        "physical_disability",
    }
)
RUNNER_KINDS = frozenset({"stop_search", "arrest", "missing_episode", "drug_seizure"})
EXACT_BETWEENNESS_MAX_NODES = 400


@dataclass(frozen=True)
class RoleSuggestion:
    """A suggested role for one person, how strongly it is suggested, and why."""

    node: str
    label: str
    role: str
    score: float
    reasons: tuple[str, ...]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def _is_young(data: Any) -> bool:
    flags = set(data.get("flags") or ())
    age = data.get("age")
    return "child" in flags or (isinstance(age, int) and age < 18)


def _betweenness(graph: nx.Graph, seed: int) -> dict[str, float]:
    n = graph.number_of_nodes()
    k = None if n <= EXACT_BETWEENNESS_MAX_NODES else EXACT_BETWEENNESS_MAX_NODES
    result = nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)
    return {str(node): float(value) for node, value in result.items()}


def _edge_kinds(graph: nx.Graph, a: str, b: str) -> set[str]:
    return set(graph.edges[a, b].get("kinds", ()))


def suggest_roles(graph: nx.Graph, *, seed: int = 0) -> list[RoleSuggestion]:
    """One suggestion per person who fits any role, strongest first.

    Betweenness is exact up to 400 nodes and sampled (``seed``) above that.
    """
    betweenness = _betweenness(graph, seed)
    people = [n for n, d in graph.nodes(data=True) if d.get("type") == "person"]
    ranked = sorted(people, key=lambda n: -betweenness.get(n, 0.0))
    rank = {n: i + 1 for i, n in enumerate(ranked)}
    suggestions = []
    for person in people:
        candidates = _candidates(graph, person, betweenness, rank, len(people))
        if candidates:
            role, score, reasons = max(candidates, key=lambda c: c[1])
            suggestions.append(
                RoleSuggestion(
                    node=person,
                    label=str(graph.nodes[person].get("label", person)),
                    role=role,
                    score=round(score, 3),
                    reasons=tuple(reasons),
                )
            )
    return sorted(suggestions, key=lambda s: (-s.score, s.node))


def _candidates(
    graph: nx.Graph,
    person: str,
    betweenness: dict[str, float],
    rank: dict[str, int],
    total_people: int,
) -> list[tuple[str, float, list[str]]]:
    data = graph.nodes[person]
    young = _is_young(data)
    flags = set(data.get("flags") or ())
    neighbours = list(graph[person])
    by_type: dict[str, list[str]] = {}
    for n in neighbours:
        by_type.setdefault(str(graph.nodes[n].get("type")), []).append(n)
    deal_lines = [p for p in by_type.get("phone", []) if looks_like_deal_line(graph, p)]
    own_phones = [p for p in by_type.get("phone", []) if p not in deal_lines]
    locations = by_type.get("location", [])
    other_people = by_type.get("person", [])
    kinds: set[str] = set()
    for n in neighbours:
        kinds |= _edge_kinds(graph, person, n)
    out: list[tuple[str, float, list[str]]] = []
    between = betweenness.get(person, 0.0)

    if deal_lines:
        label = graph.nodes[deal_lines[0]].get("label", deal_lines[0])
        weight = max(int(graph.edges[person, p].get("weight", 1)) for p in deal_lines)
        out.append(
            (
                "holder",
                2.0 + weight / 10,
                [f"linked directly to the deal line {label} ({weight} record(s))"],
            )
        )
    if not young and between > 0 and rank[person] <= max(1, total_people // 5):
        reasons = [
            f"highest-ranked betweenness {between:.2f} (rank {rank[person]} of "
            f"{total_people} people): others connect through them",
            f"linked to {len(other_people)} other people",
        ]
        if len(locations) <= 1:
            reasons.append("few addresses of their own in the network (stays at a distance)")
        score = 2.5 + between if len(other_people) >= 2 else 1.0 + between
        out.append(("controller", score, [*reasons, "not flagged as a child"]))
    if young:
        reasons = ["flagged as a child or under 18"]
        score = 1.0
        if locations:
            reasons.append(f"linked to {len(locations)} address(es)")
            score += 0.5
        if kinds & RUNNER_KINDS:
            reasons.append("appears in " + ", ".join(sorted(kinds & RUNNER_KINDS)) + " records")
            score += 1.0
        if "missing_history" in flags:
            reasons.append("has a history of going missing")
            score += 0.5
        out.append(("runner", score, reasons))
    homes = [loc for loc in locations if "lives_at" in _edge_kinds(graph, person, loc)]
    for home in homes:
        visitors = [
            p for p in graph[home] if p != person and graph.nodes[p].get("type") == "person"
        ]
        cuckooed = bool(graph.nodes[home].get("cuckooed"))
        vulnerable = sorted(flags & VULNERABLE_FLAGS)
        if cuckooed or (len(visitors) >= 2 and vulnerable):
            reasons = [f"lives at {graph.nodes[home].get('label', home)}"]
            if cuckooed:
                reasons.append("the address is recorded as cuckooed")
            if visitors:
                reasons.append(f"{len(visitors)} other people are linked to the address")
            if vulnerable:
                reasons.append("vulnerability flags: " + ", ".join(vulnerable))
            out.append(("cuckooed_resident", 2.0 + len(vulnerable) / 2 + cuckooed, reasons))
    customer_of = [
        p
        for phone in own_phones
        for p in graph[phone]
        if p != person and looks_like_deal_line(graph, p)
    ]
    if customer_of or "substance_use" in flags or "treatment_referral" in kinds:
        reasons = []
        score = 0.5
        if customer_of:
            label = graph.nodes[customer_of[0]].get("label", customer_of[0])
            reasons.append(f"their phone is in contact with the deal line {label}")
            score += 1.0
        if "substance_use" in flags:
            reasons.append("flagged for substance use")
            score += 0.5
        if "treatment_referral" in kinds:
            reasons.append("appears in a treatment referral")
            score += 0.5
        out.append(("user", score, reasons))
    return out
