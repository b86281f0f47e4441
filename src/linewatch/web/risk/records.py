"""What the risk lists are scored on, read once, and the rows one viewer may see of it.

``linewatch score`` scores every agency's roles. Each run used to read the events, people,
locations and register again through ``filter_visible``; :func:`read_records` reads them once,
with each row's marking (record class, owning agency, handling code, sensitivity, area), and
:meth:`Records.visible_to` keeps the rows a viewer may see in full by asking the access policy
(:func:`~linewatch.core.access.decide`) once per distinct marking: the decision
``filter_visible`` turns into SQL (``tests/web/risk/test_records.py`` compares the two).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import compress
from typing import Any

import numpy as np
from django.db.models import QuerySet
from numpy.typing import NDArray

from linewatch.core.access import HANDLING_CODES, SENSITIVITIES, Decision, Marking, Viewer, decide
from linewatch.web.access import filter_visible, viewer_of
from linewatch.web.accounts.models import Agency
from linewatch.web.events.models import Event, EventPerson
from linewatch.web.intel.models import IntelligenceReport
from linewatch.web.lines.models import CountyLine, LineAddress, LineMember
from linewatch.web.pole.models import Location, Person

LOCATION_COLUMNS = (
    "pk",
    "address_key",
    "address",
    "postcode",
    "easting",
    "northing",
    "area_code",
    "neighbourhood_policing_area",
)
PERSON_COLUMNS = (
    "pk",
    "first_name",
    "surname",
    "dob_year",
    "dob_month",
    "dob_day",
    "flags",
    "home_id",
    "area_code",
)
EVENT_COLUMNS = (
    "pk",
    "kind",
    "occurred_at",
    "location_id",
    "easting",
    "northing",
    "category",
    "count",
    "home_force",
    "location_text",
    "area_code",
)
LINE_COLUMNS = ("pk", "area_code")
LINK_COLUMNS = (
    "person_id",
    "role",
    "event_id",
    "event__kind",
    "event__occurred_at",
    "event__category",
    "event__count",
    "event__home_force",
    "event__outcome",
)
# Appended to every marked row (the area is among each table's columns already).
MARK_COLUMNS = ("owning_agency_id", "handling_code", "sensitivity")
INTELLIGENCE_KINDS = frozenset({"intelligence", "community_report"})  # as record_class_of

Mark = tuple[str, int, str, str, str]  # record class, agency id, handling, sensitivity, area


@dataclass(frozen=True)
class Rows:
    """One table's rows (its columns, then ``MARK_COLUMNS``), each row's marking number, and
    its position in the table as read (``index``)."""

    rows: list[tuple[Any, ...]]
    marks: NDArray[np.int64]
    index: NDArray[np.int64]

    def where(self, allowed: NDArray[np.bool_]) -> Rows:
        """The rows whose marking is allowed."""
        if not self.rows:
            return self
        keep = allowed[self.marks]
        return Rows(list(compress(self.rows, keep.tolist())), self.marks[keep], self.index[keep])


@dataclass(frozen=True)
class Records:
    """Every row the lists are scored on. Links, indicators and register rows are not marked:
    they count only with a visible event, person, location or line (``signals.py``)."""

    locations: Rows
    people: Rows
    events: Rows
    lines: Rows
    indicators: dict[int, list[str]]  # event id -> indicator codes of its intelligence report
    links: list[tuple[Any, ...]]  # EventPerson: LINK_COLUMNS, by event
    line_addresses: list[tuple[Any, ...]]  # (location id, line id, valid from)
    line_members: list[tuple[Any, ...]]  # (person id, role, line id, valid from)
    marks: list[Mark]
    # What is worked out once from the rows as read and shared by every viewer's narrowing
    # (``signals.py``: the events near each address).
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def everything(self) -> Records:
        """The records as read, which these were narrowed from (or these)."""
        read: Records = self.shared.get("everything", self)
        return read

    def visible_to(self, user: Any) -> Records:
        """The rows ``user`` may see in full (all of them for ``None``)."""
        if user is None:
            return self
        allowed = allowed_marks(viewer_of(user), self.marks)
        return replace(
            self,
            locations=self.locations.where(allowed),
            people=self.people.where(allowed),
            events=self.events.where(allowed),
            lines=self.lines.where(allowed),
        )


def allowed_marks(viewer: Viewer, marks: list[Mark]) -> NDArray[np.bool_]:
    """Per marking, whether ``viewer`` sees its records in full."""
    agencies = {
        a["id"]: (a["code"], a["kind"]) for a in Agency.objects.values("id", "code", "kind")
    }
    return np.array(
        [_visible(viewer, mark, *agencies.get(mark[1], ("", ""))) for mark in marks], dtype=bool
    )


def _visible(viewer: Viewer, mark: Mark, code: str, kind: str) -> bool:
    record_class, _, handling, sensitivity, area = mark

    def seen(h: str, s: str) -> bool:
        marking = Marking(record_class, code, kind, h, s, area or None)
        return decide(viewer, marking) is Decision.VISIBLE

    if handling in HANDLING_CODES and sensitivity in SENSITIVITIES:
        return seen(handling, sensitivity)
    # A value outside the choices: as policy_q's SQL, which names a value only where it must.
    codes = [handling] if handling in HANDLING_CODES else list(HANDLING_CODES)
    return all(seen(h, s) for h in codes for s in SENSITIVITIES)


def read_records(user: Any = None) -> Records:
    """Read every row the lists need (only those ``user`` may see, filtered in SQL, when
    given; everything for ``None``, to be narrowed per viewer by :meth:`Records.visible_to`)."""
    marks: dict[Mark, int] = {}

    def read(queryset: QuerySet[Any], columns: tuple[str, ...], record_class: str) -> Rows:
        if user is not None:
            queryset = filter_visible(user, queryset)
        rows = list(queryset.order_by("pk").values_list(*columns, *MARK_COLUMNS))
        area = columns.index("area_code")

        def mark(row: tuple[Any, ...]) -> int:
            kind = row[1] if record_class == "event" else ""
            cls = "intelligence" if kind in INTELLIGENCE_KINDS else record_class
            return marks.setdefault((cls, row[-3], row[-2], row[-1], row[area]), len(marks))

        codes = np.fromiter(map(mark, rows), dtype=np.int64, count=len(rows))
        return Rows(rows, codes, np.arange(len(rows), dtype=np.int64))

    locations = read(Location.objects.all(), LOCATION_COLUMNS, "location")
    people = read(Person.objects.all(), PERSON_COLUMNS, "person")
    events = read(Event.objects.all(), EVENT_COLUMNS, "event")
    lines = read(CountyLine.objects.all(), LINE_COLUMNS, "line")
    addresses = LineAddress.objects.order_by("pk")
    members = LineMember.objects.order_by("pk")
    if user is not None:
        line_ids = [row[0] for row in lines.rows]
        addresses = addresses.filter(line_id__in=line_ids)
        members = members.filter(line_id__in=line_ids)
    records = Records(
        locations=locations,
        people=people,
        events=events,
        lines=lines,
        indicators={
            event: signs
            for event, signs in IntelligenceReport.objects.values_list("event_id", "indicators")
            if signs
        },
        links=list(EventPerson.objects.values_list(*LINK_COLUMNS).order_by("event_id", "pk")),
        line_addresses=list(addresses.values_list("location_id", "line_id", "valid_from")),
        line_members=list(members.values_list("person_id", "role", "line_id", "valid_from")),
        marks=list(marks),
    )
    records.shared["everything"] = records
    return records
