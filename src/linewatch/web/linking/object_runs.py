"""Resolving the database's phones, locations and vehicles into entities: atomic, audited.

The rules are in :mod:`linewatch.core.linking` (``phones``, ``locations``, ``vehicles``). A
run reads every row of a kind, resolves them, and replaces that kind's memberships in one
transaction (a failure leaves the previous memberships as they were). Only rows joined to
another get a membership; a row without one is an entity of its own. Rows are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from linewatch.core.linking.locations import LocationRecord, resolve_locations
from linewatch.core.linking.phones import resolve_phones
from linewatch.core.linking.resolution import Resolution, ReviewPair
from linewatch.core.linking.vehicles import resolve_vehicles
from linewatch.web.audit.trail import record as audit
from linewatch.web.linking.models import ObjectEntity, ObjectLink
from linewatch.web.pole.models import Location, Phone, Vehicle

KINDS = ("phone", "location", "vehicle")
PREFIX = {"phone": "P", "location": "L", "vehicle": "V"}


@dataclass(frozen=True)
class ObjectRun:
    """What one kind's resolution found."""

    kind: str
    records: int
    entities: int
    joined: int  # rows in an entity of two or more
    review: list[ReviewPair] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "records": self.records,
            "entities": self.entities,
            "records_joined": self.joined,
            "review_pairs": [
                {"left": r.left, "right": r.right, "reason": r.reason} for r in self.review
            ],
        }


def _resolve(kind: str) -> Resolution:
    if kind == "phone":
        return resolve_phones(dict(Phone.objects.values_list("pk", "e164")))
    if kind == "vehicle":
        return resolve_vehicles(dict(Vehicle.objects.values_list("pk", "vrm")))
    rows = Location.objects.values_list("pk", "address", "postcode", "uprn")
    decided = ObjectLink.objects.filter(kind="location").exclude(outcome="review")
    decisions = {(a, b): o == "confirmed" for a, b, o in decided.values_list(*_PAIR, "outcome")}
    return resolve_locations(
        (LocationRecord(pk, a, p, u) for pk, a, p, u in rows.iterator()), decisions=decisions
    )


_PAIR = ("left_id", "right_id")


def _sync_review(kind: str, review: list[ReviewPair]) -> None:
    """Keep decided pairs; add new pairs for review; drop undecided ones no longer proposed."""
    existing = {
        (a, b): outcome
        for a, b, outcome in ObjectLink.objects.filter(kind=kind).values_list(*_PAIR, "outcome")
    }
    proposed = {(r.left, r.right): r.reason for r in review}
    stale = [k for k, outcome in existing.items() if outcome == "review" and k not in proposed]
    for left, right in stale:
        ObjectLink.objects.filter(kind=kind, left_id=left, right_id=right).delete()
    ObjectLink.objects.bulk_create(
        ObjectLink(kind=kind, left_id=a, right_id=b, reason=reason)
        for (a, b), reason in proposed.items()
        if (a, b) not in existing
    )


def resolve_objects(kind: str, *, user: Any = None, request: Any = None) -> ObjectRun:
    """Resolve every row of ``kind`` and replace its memberships atomically."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a kind to resolve: expected one of {', '.join(KINDS)}")
    result = _resolve(kind)
    groups = result.groups()
    now = timezone.now()
    rows = [
        ObjectEntity(
            kind=kind,
            object_id=pk,
            entity_key=f"{PREFIX[kind]}{entity}",
            rule=result.rule_of.get(pk, "")[:40],
            resolved_at=now,
        )
        for entity, members in groups.items()
        for pk in members
    ]
    run = ObjectRun(
        kind=kind,
        records=len(result.entity_of),
        entities=len(set(result.entity_of.values())),
        joined=len(rows),
        review=result.review,
    )
    with transaction.atomic():
        ObjectEntity.objects.filter(kind=kind).delete()
        ObjectEntity.objects.bulk_create(rows, batch_size=2000)
        if kind == "location":
            _sync_review(kind, run.review)
        audit(
            "combination",
            kind,
            [],
            f"Resolved {run.records:,} {kind} records into {run.entities:,} entities "
            f"({run.joined:,} records joined to another; {len(run.review):,} pairs for review)",
            request=request,
            user=user,
            justification=f"Entity resolution of the partnership's {kind} records",
        )
    return run
