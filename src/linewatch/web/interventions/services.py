"""Recording an intervention: the core rules, its deadlines, the line's status, the audit trail.

Views and the API call :func:`record_intervention`; it validates with
:mod:`linewatch.core.interventions`, saves the intervention and its deadlines in one
transaction, moves the line's status through ``linewatch.web.lines.status.change_status`` and
writes a ``collection`` event to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from linewatch.core.interventions import (
    CustodyRecord,
    InterventionDraft,
    InterventionError,
    PriorIntervention,
    closure_notice_deadlines,
    closure_order_deadlines,
    find_notice_for_order,
    status_move_for,
    validate_bail,
    validate_intervention,
)
from linewatch.core.interventions.closure import Deadline as CoreDeadline
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.interventions.models import INTERVENTION_KIND_LABELS, Deadline, Intervention
from linewatch.web.lines.models import CountyLine, LineAddress, LineMember

__all__ = ["Recorded", "lines_moved_by", "prior_interventions", "record_intervention"]

NO_RECORDING_ROLES = frozenset({"administrator", "auditor"})


def can_record(user: Any) -> bool:
    """Every partnership role records interventions except administrators and auditors."""
    return bool(getattr(user, "is_authenticated", False)) and user.role not in NO_RECORDING_ROLES


@dataclass(frozen=True)
class Recorded:
    intervention: Intervention
    status_changes: list[str]


def _prior(record: Intervention) -> PriorIntervention:
    return PriorIntervention(
        id=record.pk,
        kind=record.kind,
        started_on=record.started_on,
        person_id=record.person_id,
        location_id=record.location_id,
        line_id=record.line_id,
        ends_on=record.ends_on,
        served_at=record.served_at,
        follows_id=record.follows_id,
    )


def prior_interventions(person_id: int | None, location_id: int | None) -> list[PriorIntervention]:
    """Every intervention already recorded on the same person or premises (all agencies: the
    rules need to know a closure notice exists even when its record is another agency's)."""
    query = Q(pk__in=[])
    if person_id:
        query |= Q(person_id=person_id)
    if location_id:
        query |= Q(location_id=location_id)
    return [_prior(r) for r in Intervention.objects.filter(query)]


def custody_of(person_id: int) -> list[CustodyRecord]:
    """Arrests and charges of the person: interventions and arrest events."""
    records = [
        CustodyRecord(person_id, r.kind, r.started_on)
        for r in Intervention.objects.filter(person_id=person_id, kind__in=("arrest", "charge"))
    ]
    for event in Event.objects.filter(kind="arrest", person_links__person_id=person_id):
        if event.occurred_at is not None:
            records.append(
                CustodyRecord(person_id, "arrest", timezone.localdate(event.occurred_at))
            )
    return records


def _draft(data: dict[str, Any]) -> InterventionDraft:
    def pk(name: str) -> int | None:
        value = data.get(name)
        return getattr(value, "pk", value) or None

    return InterventionDraft(
        kind=data["kind"],
        started_on=data.get("started_on"),
        line_id=pk("line"),
        person_id=pk("person"),
        location_id=pk("location"),
        ends_on=data.get("ends_on"),
        follow_up_on=data.get("follow_up_on"),
        served_at=data.get("served_at"),
        notice_hours=data.get("notice_hours"),
        hearing_at=data.get("hearing_at"),
        adjourned=bool(data.get("adjourned")),
        notice_id=pk("notice"),
        extends_id=pk("extends"),
        details={"child": bool(data.get("child")), "consent": bool(data.get("consent"))},
    )


def _details(data: dict[str, Any], draft: InterventionDraft) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if draft.kind == "bail_conditions":
        bail = validate_bail(
            person_id=draft.person_id,
            starts_on=draft.started_on,
            expires_on=draft.ends_on,
            area_codes=data.get("exclusion_area_codes") or [],
            polygon_text=data.get("exclusion_polygon") or "",
            no_contact_person_ids=data.get("no_contact_persons") or [],
            other_conditions=data.get("other_conditions") or "",
            custody=custody_of(draft.person_id) if draft.person_id else [],
        )
        details.update(bail.as_details())
    if draft.kind == "closure_notice":
        details["notice_hours"] = draft.notice_hours
    if draft.kind in ("nrm_referral", "duty_to_notify"):
        details.update(draft.details)
    if data.get("adjourned"):
        details["adjourned"] = True
    return details


def _deadlines(record: Intervention) -> list[CoreDeadline]:
    if record.kind == "closure_notice" and record.served_at is not None:
        hours = int(record.details.get("notice_hours") or 24)
        return closure_notice_deadlines(record.served_at, hours=hours)
    if record.kind == "closure_order":
        first = record
        while first.follows is not None and first.follows.kind == "closure_order":
            first = first.follows
        ends, limit = closure_order_deadlines(first.started_on, record.ends_on)
        return [ends, limit]
    result = []
    if record.kind == "bail_conditions" and record.ends_on is not None:
        due = timezone.make_aware(dt.datetime.combine(record.ends_on, dt.time(23, 59)))
        result.append(
            CoreDeadline(
                "bail_expires",
                "Bail conditions expire",
                due,
                "Bail Act 1976 s3(6)",
                (due - dt.timedelta(days=7),),
            )
        )
    if record.follow_up_on is not None:
        due = timezone.make_aware(dt.datetime.combine(record.follow_up_on, dt.time(9, 0)))
        result.append(
            CoreDeadline("follow_up", "Follow-up due", due, "", (due - dt.timedelta(days=2),))
        )
    return result


def save_deadlines(record: Intervention) -> None:
    keys = []
    for deadline in _deadlines(record):
        keys.append(deadline.key)
        Deadline.objects.update_or_create(
            intervention=record,
            key=deadline.key,
            defaults={
                "label": deadline.label,
                "due_at": deadline.due,
                "statute": deadline.statute,
                "reminders": [r.isoformat() for r in deadline.reminders],
            },
        )
    record.deadlines.exclude(key__in=keys).delete()


def lines_moved_by(record: Intervention) -> list[tuple[CountyLine, str | None, bool]]:
    """The lines an intervention bears on: (line, the person's role on it, at its address)."""
    found: dict[int, tuple[CountyLine, str | None, bool]] = {}
    if record.line_id:
        assert record.line is not None
        # Premises named on an intervention against the line are premises the line uses.
        found[record.line_id] = (record.line, None, bool(record.location_id))
    if record.person_id:
        for member in LineMember.objects.filter(person_id=record.person_id).select_related("line"):
            if record.line_id and member.line_id != record.line_id:
                continue
            _, role, at = found.get(member.line_id, (member.line, None, False))
            if role not in ("holder", "controller"):
                role = member.role
            found[member.line_id] = (member.line, role, at)
    if record.location_id:
        for use in LineAddress.objects.filter(location_id=record.location_id).select_related(
            "line"
        ):
            if record.line_id and use.line_id != record.line_id:
                continue
            _, role, _ = found.get(use.line_id, (use.line, None, False))
            found[use.line_id] = (use.line, role, True)
    return list(found.values())


def _move_lines(record: Intervention, user: Any, request: HttpRequest | None) -> list[str]:
    from linewatch.web.lines.status import change_status

    moved = []
    when = timezone.make_aware(dt.datetime.combine(record.started_on, dt.time(12, 0)))
    if record.served_at is not None:
        when = record.served_at
    when = min(when, timezone.now())
    for line, role, at_address in lines_moved_by(record):
        move = status_move_for(
            record.kind,
            kind_label=INTERVENTION_KIND_LABELS.get(record.kind, record.kind),
            line_status=line.status,
            person_role=role,
            at_line_address=at_address,
            closes_line=record.closes_line,
        )
        if move is None:
            continue
        change_status(
            line,
            move.new_status,
            user=user,
            reason=f"{move.reason} (intervention {record.pk})",
            request=request,
            closure_type=move.closure_type,
            at=when,
        )
        moved.append(f"{line.name}: {line.status_label}")
    return moved


def record_intervention(
    user: Any, data: dict[str, Any], *, request: HttpRequest | None = None
) -> Recorded:
    """Validate and save an intervention, its deadlines and its line moves; raise
    :class:`InterventionError` naming each bad field (nothing is saved then)."""
    draft = _draft(data)
    prior = prior_interventions(draft.person_id, draft.location_id)
    validate_intervention(draft, prior, today=timezone.localdate())
    assert draft.started_on is not None  # validation requires it
    details = _details(data, draft)
    follows_id = draft.extends_id
    if draft.kind == "closure_order" and follows_id is None:
        notice = find_notice_for_order(draft, prior)
        follows_id = notice.id if notice else None
    area = data.get("area_code") or ""
    for target in (data.get("location"), data.get("person"), data.get("line")):
        area = area or getattr(target, "area_code", "")
    with transaction.atomic():
        record = Intervention.objects.create(
            kind=draft.kind,
            line=data.get("line"),
            person=data.get("person"),
            location=data.get("location"),
            started_on=draft.started_on,
            ends_on=draft.ends_on,
            follow_up_on=draft.follow_up_on,
            outcome=data.get("outcome") or "",
            notes=data.get("notes") or "",
            details=details,
            served_at=draft.served_at,
            hearing_at=draft.hearing_at,
            follows_id=follows_id,
            closes_line=data.get("closes_line") or "",
            owning_agency=user.agency,
            handling_code=data.get("handling_code") or "P",
            sensitivity=data.get("sensitivity") or "standard",
            area_code=area,
            source_feed="web",
            received_at=timezone.now(),
            created_by=user,
            modified_by=user,
        )
        record.partner_agencies.set(data.get("partner_agencies") or [])
        save_deadlines(record)
        audit(
            "collection",
            "intervention",
            [record.pk],
            f"Recorded {record.kind_label.lower()} {record.pk}",
            request=request,
            user=user if request is None else None,
        )
        moved = _move_lines(record, user, request)
    return Recorded(record, moved)


__all__ += ["InterventionError", "can_record", "custody_of"]
