"""The network's nodes: one per resolved person, phone, location or vehicle, and per line.

The records behind each node are only those the viewer may see (the collector passes nothing
else), so an entity node is built from the visible records alone and lists them in
``records``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils import timezone

from linewatch.core.network import Node
from linewatch.web.access import filter_visible
from linewatch.web.lines.models import CountyLine, DealLineNumber, LineAddress
from linewatch.web.network import entities
from linewatch.web.pole.models import Location, Person, Phone, Vehicle

__all__ = ["CHUNK", "build_nodes", "chunks"]

CHUNK = 2000  # ids per IN list (SQLite limits the variables of one statement)
Ref = tuple[str, int]


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i : i + CHUNK]


def _age(person: Person, today: dt.date) -> int | None:
    if not person.dob_year:
        return None
    return today.year - person.dob_year - (1 if (person.dob_month or 1) > today.month else 0)


def _grouped(kind: str, model: type[Model], ids: set[int]) -> dict[str, list[Any]]:
    """Node id -> the rows behind it, lowest id first."""
    keys = entities.entity_key_for(ids) if kind == "person" else entities.node_keys(kind, ids)
    merged: dict[str, list[Any]] = {}
    for chunk in chunks(ids):
        for row in model._default_manager.filter(pk__in=chunk).order_by("pk"):
            merged.setdefault(keys[row.pk], []).append(row)
    return merged


def _people(ids: set[int], today: dt.date) -> dict[str, Node]:
    nodes = {}
    for key, records in _grouped("person", Person, ids).items():
        flags = sorted({f for p in records for f in (p.flags or [])})
        ages = [a for a in (_age(p, today) for p in records) if a is not None]
        attrs = {
            "flags": flags,
            "age": min(ages) if ages else None,
            "records": [f"person:{p.pk}" for p in records],
        }
        nodes[key] = Node(key, "person", records[0].display_name, attrs)
    return nodes


def _marked(model: type[Model], column: str, ids: set[int], **where: Any) -> set[int]:
    found: set[int] = set()
    for chunk in chunks(ids):
        rows = model._default_manager.filter(**{f"{column}__in": chunk}, **where)
        found.update(rows.values_list(column, flat=True))
    return found


def build_nodes(user: Any, refs: set[Ref]) -> dict[str, Node]:
    """Load the nodes' labels and the attributes the analytics read."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in refs:
        by_kind.setdefault(kind, set()).add(pk)
    nodes = _people(by_kind.get("person", set()), timezone.localdate())
    lines_visible = filter_visible(user, CountyLine.objects.all()).values("pk")
    phones = by_kind.get("phone", set())
    deal_lines = _marked(DealLineNumber, "phone_id", phones, line_id__in=lines_visible)
    for key, rows in _grouped("phone", Phone, phones).items():
        attrs = {
            "deal_line": any(p.pk in deal_lines for p in rows),
            "records": [f"phone:{p.pk}" for p in rows],
        }
        nodes[key] = Node(key, "phone", rows[0].national, attrs)
    places = by_kind.get("location", set())
    cuckooed = _marked(
        LineAddress, "location_id", places, role="cuckooed", line_id__in=lines_visible
    )
    for key, rows in _grouped("location", Location, places).items():
        attrs = {
            "cuckooed": any(p.pk in cuckooed for p in rows),
            "records": [f"location:{p.pk}" for p in rows],
        }
        label = max(rows, key=lambda p: (bool(p.address), bool(p.postcode), -p.pk))
        nodes[key] = Node(key, "location", str(label), attrs)
    for key, rows in _grouped("vehicle", Vehicle, by_kind.get("vehicle", set())).items():
        attrs = {"records": [f"vehicle:{v.pk}" for v in rows]}
        nodes[key] = Node(key, "vehicle", rows[0].vrm, attrs)
    for chunk in chunks(by_kind.get("line", set())):
        for line in CountyLine.objects.filter(pk__in=chunk):
            nodes[f"line:{line.pk}"] = Node(
                f"line:{line.pk}", "line", line.name, {"status": line.status}
            )
    return nodes
