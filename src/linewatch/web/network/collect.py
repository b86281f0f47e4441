"""Reading the network from the database, only from records the viewer may see in full.

Events, people, phones, locations, vehicles and county lines each pass through
:func:`linewatch.web.access.filter_visible`; a link is kept only when both the record saying it
and the thing it names are visible. The result is plain :class:`Node` and :class:`Occurrence`
values for :mod:`linewatch.core.network`.

The network around a centre is read ring by ring (breadth first, like the ego view), so a
deal line's neighbourhood is read without loading the partnership's whole graph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from linewatch.core.network import Node, Occurrence
from linewatch.web.access import filter_visible
from linewatch.web.events.models import Event, EventPerson, EventPhone, EventVehicle
from linewatch.web.lines.models import CountyLine, DealLineNumber, LineAddress, LineMember
from linewatch.web.network import entities
from linewatch.web.network.nodes import CHUNK, build_nodes
from linewatch.web.pole.models import Location, Person, PersonPhone, Phone, Vehicle

__all__ = [
    "MODELS",
    "REGISTER_KINDS",
    "Collected",
    "collect_all",
    "collect_around",
    "parse_ref",
]

MODELS: dict[str, Any] = {
    "person": Person,
    "phone": Phone,
    "location": Location,
    "vehicle": Vehicle,
    "line": CountyLine,
}
REGISTER_KINDS = {
    "register": "County lines register",
    "uses_phone": "Uses phone",
    "lives_at": "Lives at",
}
READ_LIMIT = 5000  # nodes read around a centre before the reading stops

Ref = tuple[str, int]


class BadCentre(ValueError):
    """A centre that is not ``type:id`` with a known type."""


def parse_ref(text: str) -> Ref:
    """``"phone:12"`` → ``("phone", 12)``; raises :class:`BadCentre` naming what was expected."""
    kind, _, pk = text.partition(":")
    if kind not in MODELS or not pk.isdigit():
        raise BadCentre(
            f"{text!r} is not a centre: expected TYPE:ID with TYPE one of {', '.join(MODELS)}"
        )
    return kind, int(pk)


@dataclass
class Collected:
    """What was read: nodes by id, occurrences by record id, whether reading stopped early, and
    the node each record was drawn in (records of one resolved entity share a node)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    occurrences: dict[str, Occurrence] = field(default_factory=dict)
    complete: bool = True
    node_of: dict[str, str] = field(default_factory=dict)  # "person:12" -> its node id


@dataclass
class _Reader:
    user: Any
    start: dt.date | None
    end: dt.date | None
    kinds: frozenset[str] | None
    visible: dict[str, set[int]] = field(default_factory=dict)
    hidden: dict[str, set[int]] = field(default_factory=dict)

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds

    def visible_of(self, kind: str, ids: Iterable[int]) -> set[int]:
        """The ids the viewer may see in full (cached per request)."""
        known, refused = self.visible.setdefault(kind, set()), self.hidden.setdefault(kind, set())
        ask = sorted(set(ids) - known - refused)
        for i in range(0, len(ask), CHUNK):
            chunk = ask[i : i + CHUNK]
            visible = filter_visible(self.user, MODELS[kind].objects.filter(pk__in=chunk))
            found = set(visible.values_list("pk", flat=True))
            known |= found
            refused |= set(chunk) - found
        return set(ids) & known

    def events(self, scope: Q | None) -> QuerySet[Event]:
        events = filter_visible(self.user, Event.objects.all())
        if scope is not None:
            events = events.filter(scope)
        if self.start is not None:
            events = events.filter(occurred_at__gte=_day_start(self.start))
        if self.end is not None:
            events = events.filter(occurred_at__lt=_day_start(self.end + dt.timedelta(days=1)))
        if self.kinds is not None:
            events = events.filter(kind__in=sorted(self.kinds))
        return events


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _event_scope(frontier: dict[str, set[int]]) -> Q:
    scope = Q(pk__in=[])
    if frontier.get("person"):
        links = EventPerson.objects.filter(person_id__in=frontier["person"])
        scope |= Q(pk__in=links.values("event_id"))
    if frontier.get("phone"):
        links_ = EventPhone.objects.filter(phone_id__in=frontier["phone"])
        scope |= Q(pk__in=links_.values("event_id"))
    if frontier.get("vehicle"):
        links__ = EventVehicle.objects.filter(vehicle_id__in=frontier["vehicle"])
        scope |= Q(pk__in=links__.values("event_id"))
    if frontier.get("location"):
        scope |= Q(location_id__in=frontier["location"])
    return scope


def _read_events(
    reader: _Reader, scope: Q | None
) -> list[tuple[str, dt.date | None, str, list[Ref]]]:
    events = reader.events(scope)
    rows = {
        pk: (kind, at, location)
        for pk, kind, at, location in events.values_list("pk", "kind", "occurred_at", "location_id")
    }
    if not rows:
        return []
    refs: dict[int, list[Ref]] = {pk: [] for pk in rows}
    ids = events.values("pk")
    for model, column, kind in (
        (EventPerson, "person_id", "person"),
        (EventPhone, "phone_id", "phone"),
        (EventVehicle, "vehicle_id", "vehicle"),
    ):
        pairs = list(model.objects.filter(event_id__in=ids).values_list("event_id", column))
        allowed = reader.visible_of(kind, {pk for _, pk in pairs})
        for event_id, pk in pairs:
            if pk in allowed:
                refs[event_id].append((kind, pk))
    places = reader.visible_of("location", {loc for _, _, loc in rows.values() if loc})
    result = []
    for pk, (kind, at, location) in rows.items():
        if location in places:
            refs[pk].append(("location", location))
        day = timezone.localtime(at).date() if at else None
        result.append((f"event:{pk}", day, kind, sorted(set(refs[pk]))))
    return result


def _read_register(
    reader: _Reader, frontier: dict[str, set[int]] | None
) -> list[tuple[str, dt.date | None, dt.date | None, str, list[Ref]]]:
    """Register entries, phones people use and where they live (standing relations)."""
    out: list[tuple[str, dt.date | None, dt.date | None, str, list[Ref]]] = []

    def scoped(queryset: QuerySet[Any], **columns: str) -> QuerySet[Any]:
        if frontier is None:
            return queryset
        q = Q(pk__in=[])
        for column, kind in columns.items():
            if frontier.get(kind):
                q |= Q(**{f"{column}__in": frontier[kind]})
        return queryset.filter(q)

    if reader.wants("register"):
        for model, other, other_kind, label in (
            (LineMember, "person_id", "person", "linemember"),
            (LineAddress, "location_id", "location", "lineaddress"),
            (DealLineNumber, "phone_id", "phone", "deallinenumber"),
        ):
            rows = list(
                scoped(model.objects.all(), line_id="line", **{other: other_kind}).values_list(
                    "pk", "line_id", other, "valid_from", "valid_to"
                )
            )
            lines = reader.visible_of("line", {r[1] for r in rows})
            others = reader.visible_of(other_kind, {r[2] for r in rows})
            for pk, line, pk2, start, until in rows:
                if line in lines and pk2 in others:
                    out.append(
                        (
                            f"{label}:{pk}",
                            start,
                            until,
                            "register",
                            [("line", line), (other_kind, pk2)],
                        )
                    )
    if reader.wants("uses_phone"):
        pairs = list(
            scoped(PersonPhone.objects.all(), person_id="person", phone_id="phone").values_list(
                "pk", "person_id", "phone_id", "first_seen"
            )
        )
        people = reader.visible_of("person", {p[1] for p in pairs})
        phones = reader.visible_of("phone", {p[2] for p in pairs})
        for pk, person, phone, seen in pairs:
            if person in people and phone in phones:
                day = timezone.localtime(seen).date() if seen else None
                out.append(
                    (
                        f"personphone:{pk}",
                        day,
                        None,
                        "uses_phone",
                        [("person", person), ("phone", phone)],
                    )
                )
    if reader.wants("lives_at"):
        homes = scoped(Person.objects.filter(home__isnull=False), pk="person", home_id="location")
        pairs_ = list(homes.values_list("pk", "home_id"))
        people = reader.visible_of("person", {p for p, _ in pairs_})
        places = reader.visible_of("location", {h for _, h in pairs_})
        for person, home in pairs_:
            if person in people and home in places:
                out.append(
                    (
                        f"home:{person}",
                        None,
                        None,
                        "lives_at",
                        [("person", person), ("location", home)],
                    )
                )
    return out


def _node_ids(refs: set[Ref]) -> dict[Ref, str]:
    """Each (visible) record -> its node: resolved entities share one."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in refs:
        by_kind.setdefault(kind, set()).add(pk)
    out: dict[Ref, str] = {}
    for kind, ids in by_kind.items():
        keys = entities.entity_key_for(ids) if kind == "person" else entities.node_keys(kind, ids)
        out.update({(kind, pk): node for pk, node in keys.items()})
    return out


def _with_mates(reader: _Reader, refs: set[Ref]) -> set[Ref]:
    """``refs`` and the other records of their resolved entities that the viewer may see."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in refs:
        by_kind.setdefault(kind, set()).add(pk)
    out = set(refs)
    for kind, ids in by_kind.items():
        mates = entities.entity_mates(kind, ids) - ids
        out.update((kind, pk) for pk in reader.visible_of(kind, mates))
    return out


def _finish(reader: _Reader, refs: set[Ref], raw: dict[str, Any], complete: bool) -> Collected:
    nodes = build_nodes(reader.user, refs)
    keys = _node_ids(refs)
    occurrences = {}
    for record_id, (day, until, kind, found, standing) in raw.items():
        ids = tuple(sorted({keys[r] for r in found if r in refs}))
        occurrences[record_id] = Occurrence(record_id, day, kind, ids, until, standing)
    node_of = {f"{kind}:{pk}": node for (kind, pk), node in keys.items()}
    return Collected(nodes=nodes, occurrences=occurrences, complete=complete, node_of=node_of)


def _read(reader: _Reader, frontier: dict[str, set[int]] | None, raw: dict[str, Any]) -> set[Ref]:
    """Read the occurrences touching ``frontier`` (everything when None) into ``raw``; return
    every node they name."""
    named: set[Ref] = set()
    event_kinds = reader.kinds is None or bool(reader.kinds - set(REGISTER_KINDS))
    if event_kinds:
        scope = None if frontier is None else _event_scope(frontier)
        for record_id, day, kind, refs in _read_events(reader, scope):
            raw[record_id] = (day, None, kind, refs, False)
            named.update(refs)
    for record_id, day, until, kind, refs in _read_register(reader, frontier):
        raw[record_id] = (day, until, kind, refs, True)
        named.update(refs)
    return named


def collect_around(
    user: Any,
    centre: Ref,
    *,
    depth: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = READ_LIMIT,
) -> Collected | None:
    """The records within ``depth`` links of ``centre``; None when the viewer may not see it.

    Reading stops (``complete`` false) once more than ``limit`` nodes have been named.
    """
    reader = _Reader(user, start, end, None if kinds is None else frozenset(kinds))
    kind, pk = centre
    if not reader.visible_of(kind, [pk]):
        return None
    seen: set[Ref] = _with_mates(reader, {centre})
    frontier: dict[str, set[int]] = {}
    for ref_kind, ref_pk in seen:
        frontier.setdefault(ref_kind, set()).add(ref_pk)
    raw: dict[str, Any] = {}
    complete = True
    for step in range(depth + 1):
        named = _read(reader, frontier, raw)
        if step == depth:
            break  # the last ring's links among known nodes are read; no new nodes
        new = _with_mates(reader, named - seen) - seen
        if not new:
            break
        seen |= new
        if len(seen) > limit:
            complete = False
            break
        frontier = {}
        for ref_kind, ref_pk in new:
            frontier.setdefault(ref_kind, set()).add(ref_pk)
    return _finish(reader, seen, raw, complete)


def collect_all(
    user: Any,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: Iterable[str] | None = None,
) -> Collected:
    """Every visible record's links (for cluster detection across the partnership)."""
    reader = _Reader(user, start, end, None if kinds is None else frozenset(kinds))
    raw: dict[str, Any] = {}
    named = _read(reader, None, raw)
    return _finish(reader, _with_mates(reader, named), raw, True)
