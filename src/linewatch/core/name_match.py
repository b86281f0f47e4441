"""Fuzzy matching of a typed name against recorded names and aliases.

Agencies spell the same person differently ("Jayden Smyth", "SMITH, Jaydon"); search must
still find them. Each recorded ``search_name`` holds the name and aliases separated by ``|``;
a candidate matches when any of them is close to the query (rapidfuzz's token-sort ratio,
which ignores word order, so "Smith Jayden" finds "jayden smith").

>>> [pk for pk, _ in fuzzy_matches("Jayden Smyth", [(1, "jayden smith | jay"), (2, "kevin roe")])]
[1]
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

__all__ = ["DEFAULT_THRESHOLD", "fuzzy_matches", "name_score"]

DEFAULT_THRESHOLD = 80.0


def name_score(query: str, search_name: str) -> float:
    """The best similarity (0-100) of ``query`` to any of the names in ``search_name``."""
    wanted = " ".join(query.lower().replace(",", " ").split())
    return max(
        (fuzz.token_sort_ratio(wanted, name.strip()) for name in search_name.split("|")),
        default=0.0,
    )


def fuzzy_matches(
    query: str, candidates: Iterable[tuple[int, str]], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, float]]:
    """Candidates (id, search_name) scoring at least ``threshold``, best first."""
    scored = [(pk, name_score(query, name)) for pk, name in candidates]
    return sorted((m for m in scored if m[1] >= threshold), key=lambda m: (-m[1], m[0]))
