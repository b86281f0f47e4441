"""Is a new deal-line number the same line? Compare the customers it reaches.

When a line is disrupted its controller often buys a new number and texts the same customer
list from it. A new number whose contacts overlap an existing line's contacts is proposed as
that line; the analyst decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

__all__ = ["ContinuityProposal", "contacts_of", "propose_same_line"]

MIN_SHARED = 3
MIN_OVERLAP = 0.3


@dataclass(frozen=True)
class ContinuityProposal:
    """An existing line whose contacts the new number shares."""

    line: str
    shared: int
    overlap: float
    jaccard: float

    @property
    def reason(self) -> str:
        return (
            f"{self.shared} of the new number's contacts ({self.overlap:.0%}) were contacts "
            f"of this line's numbers (Jaccard {self.jaccard:.2f})"
        )


def contacts_of(
    graph: nx.Graph, phone: str, *, kinds: Iterable[str] = ("handset_contact",)
) -> set[str]:
    """The phones and people linked to ``phone`` by records of the given kinds."""
    wanted = set(kinds)
    if phone not in graph:
        return set()
    return {
        str(n)
        for n, data in graph[phone].items()
        if wanted & set(data.get("kinds", ())) and graph.nodes[n].get("type") in ("phone", "person")
    }


def propose_same_line(
    new_contacts: set[str],
    line_contacts: Mapping[str, set[str]],
    *,
    min_shared: int = MIN_SHARED,
    min_overlap: float = MIN_OVERLAP,
) -> list[ContinuityProposal]:
    """Lines whose contacts the new number shares: at least ``min_shared`` contacts and
    ``min_overlap`` of the new number's contacts; best first.

    >>> propose_same_line({"a", "b", "c", "d"}, {"line:1": {"a", "b", "c"}, "line:2": {"z"}})
    [ContinuityProposal(line='line:1', shared=3, overlap=0.75, jaccard=0.75)]
    """
    proposals = []
    if not new_contacts:
        return []
    for line, contacts in line_contacts.items():
        shared = len(new_contacts & contacts)
        overlap = shared / len(new_contacts)
        if shared >= min_shared and overlap >= min_overlap:
            jaccard = shared / len(new_contacts | contacts)
            proposals.append(ContinuityProposal(line, shared, round(overlap, 4), round(jaccard, 4)))
    return sorted(proposals, key=lambda p: (-p.overlap, -p.shared, p.line))
