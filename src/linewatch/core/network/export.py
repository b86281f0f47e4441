"""Exports of a network: GraphML (yEd, Gephi, networkx) and an i2 Analyst's Notebook CSV.

The i2 file is a *link table*: one row per link, with both ends' entity type, identity and
label, then the link's type, label, strength, weight and dates — the columns an Analyst's
Notebook import specification maps to Entity 1, Entity 2 and Link (docs/network.md lists the
mapping). Entity types are i2's standard ones so the chart gets the usual icons.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import networkx as nx

__all__ = ["I2_COLUMNS", "I2_ENTITY_TYPES", "to_graphml", "to_i2_csv"]

I2_ENTITY_TYPES = {
    "person": "Person",
    "phone": "Telephone",
    "location": "Address",
    "vehicle": "Vehicle",
    "line": "Organisation",
}
I2_COLUMNS = (
    "Entity1 Type",
    "Entity1 Identity",
    "Entity1 Label",
    "Entity2 Type",
    "Entity2 Identity",
    "Entity2 Label",
    "Link Type",
    "Link Label",
    "Link Strength",
    "Link Weight",
    "First Date",
    "Last Date",
    "Records",
)
REGISTER_KINDS = frozenset({"register", "lives_at", "uses_phone"})


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(str(v) for v in sorted(value, key=str))
    return str(value)


def to_graphml(graph: nx.Graph) -> bytes:
    """The graph as GraphML, every attribute as a scalar (lists joined by ``;``, dates ISO)."""
    flat = nx.Graph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for a, b, data in graph.edges(data=True):
        flat.add_edge(a, b, **{k: _scalar(v) for k, v in data.items()})
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8")
    return buffer.getvalue()


def _strength(kinds: set[str], weight: int) -> str:
    """i2's three link strengths: the register confirms; repeated records are unconfirmed."""
    if kinds & REGISTER_KINDS:
        return "Confirmed"
    return "Unconfirmed" if weight >= 2 else "Tentative"


def _safe_text(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV
    injection); phone labels are national numbers (``07700 900123``), so they are untouched."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def to_i2_csv(graph: nx.Graph) -> str:
    """One row per edge, ordered by the ends' identities, for an i2 ANB link-table import."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(I2_COLUMNS)
    rows: list[list[str | int]] = []
    for a, b, data in graph.edges(data=True):
        first, second = sorted((str(a), str(b)))
        kinds = set(data.get("kinds", ()))
        weight = int(data.get("weight", 1))
        ends: list[str | int] = []
        for node in (first, second):
            attrs = graph.nodes[node]
            ends += [
                I2_ENTITY_TYPES.get(str(attrs.get("type")), "Entity"),
                node,
                _safe_text(str(attrs.get("label", node))),
            ]
        rows.append(
            [
                *ends,
                "Associated with" if len(kinds) != 1 else next(iter(kinds)).replace("_", " "),
                f"{weight} record(s): " + ", ".join(sorted(kinds)),
                _strength(kinds, weight),
                weight,
                _date(data.get("first")),
                _date(data.get("last")),
                ";".join(data.get("records", ())),
            ]
        )
    rows.sort(key=lambda r: (str(r[1]), str(r[4])))
    writer.writerows(rows)
    return out.getvalue()
