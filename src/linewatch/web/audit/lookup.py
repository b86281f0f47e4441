"""Finding the audit events that touch one record: "who has seen this person's record, and why".

Events name the records they concern in ``object_ids``, either as bare ids under the event's
``object_type`` (``person`` / ``["12"]``) or as references (``search`` / ``["person:12"]``).
Both shapes are matched; the database narrows by text first (the ids are JSON text on SQLite
and PostgreSQL alike) and each candidate is then checked exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from linewatch.web.audit.models import AuditEvent

# The same kind of record under the names different pages give it (a page's ``data-record``
# marker uses the model name; some views audit under a longer name).
ALIASES: dict[str, frozenset[str]] = {
    "countyline": frozenset({"countyline", "county_line", "line"}),
    "county_line": frozenset({"countyline", "county_line", "line"}),
    "event": frozenset({"event", "intelligence_report"}),
    "intelligence_report": frozenset({"event", "intelligence_report"}),
}
REFERENCE = re.compile(r"^\s*([a-z_]+)\s*[:/ ]\s*([A-Za-z0-9_-]+)\s*$")


@dataclass(frozen=True)
class RecordRef:
    """One record, as the trail names it."""

    object_type: str
    object_id: str

    @property
    def reference(self) -> str:
        return f"{self.object_type}:{self.object_id}"

    @property
    def kinds(self) -> frozenset[str]:
        return ALIASES.get(self.object_type, frozenset({self.object_type}))

    @property
    def references(self) -> frozenset[str]:
        return frozenset(f"{kind}:{self.object_id}" for kind in self.kinds)


def parse_reference(text: str) -> RecordRef | None:
    """``person:12``, ``person 12`` or ``person/12``; None when it is not one."""
    match = REFERENCE.match(text or "")
    if match is None:
        return None
    return RecordRef(match.group(1).lower(), match.group(2))


def touches(event: AuditEvent, ref: RecordRef) -> bool:
    ids = {str(i) for i in event.object_ids}
    return (event.object_type in ref.kinds and ref.object_id in ids) or bool(ids & ref.references)


def candidates(ref: RecordRef) -> QuerySet[AuditEvent]:
    """Events that may touch the record (a superset; check each with :func:`touches`)."""
    wanted = Q(object_type__in=sorted(ref.kinds), object_ids__icontains=f'"{ref.object_id}"')
    for reference in sorted(ref.references):
        wanted |= Q(object_ids__icontains=f'"{reference}"')
    return AuditEvent.objects.filter(wanted).select_related("user")


def events_touching(ref: RecordRef, username: str = "") -> list[AuditEvent]:
    """Every event touching the record, newest first (optionally by one user)."""
    queryset = candidates(ref)
    if username:
        queryset = queryset.filter(username=username)
    return [event for event in queryset.order_by("-at", "-id") if touches(event, ref)]
