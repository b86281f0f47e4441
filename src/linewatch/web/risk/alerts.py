"""Alerts: the five early-warning situations, raised once each (``Alert.dedupe_key``), into
the queue of the area they happen in, emailed where the area has an address configured
(``LINEWATCH_ALERT_EMAILS = {"E07000130": ["team@example"]}``), acknowledged and audited.

1. an address crosses the cuckooing alert threshold;
2. a child missing from another force is found locally;
3. a new phone is seen with a known line's deal-line number;
4. a disrupted or closed line shows new activity (its numbers or addresses in new records);
5. a formerly cuckooed address or a past victim is touched by a new line (re-emergence).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from linewatch.core.risk import Weights, score_table
from linewatch.core.risk.model import age_on
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event, EventPerson, EventPhone
from linewatch.web.lines.models import CountyLine, DealLineNumber, LineAddress, LineMember
from linewatch.web.local_days import after_day
from linewatch.web.pole.models import Location, Person
from linewatch.web.risk.models import Alert
from linewatch.web.risk.signals import LOCAL_FORCE, RiskInputs, latest_birth

DISRUPTED = ("disrupted", "closed")
PHONE_EVIDENCE = ("intelligence", "community_report", "arrest", "drug_seizure")


@dataclass(frozen=True)
class Proposed:
    kind: str
    dedupe_key: str
    area_code: str
    subject_key: str
    summary: str
    records: list[str]
    occurred_on: date | None


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def cuckooing_alerts(
    inputs: RiskInputs, weights: Weights, as_of: date, *, lookback_weeks: int = 13
) -> list[Proposed]:
    """Addresses at or above the threshold on any week of the last ``lookback_weeks`` (so a
    crossing between two runs is not missed), dated by the first week they were."""
    chosen = weights["cuckooing"]
    first_over: dict[int, tuple[date, float]] = {}
    for weeks_back in range(lookback_weeks, -1, -1):
        when = as_of - timedelta(weeks=weeks_back)
        scores = score_table(inputs.addresses, chosen, when, inputs.supplied).scores
        for over in np.flatnonzero(scores >= chosen.alert_threshold).tolist():
            first_over.setdefault(over, (when, float(scores[over])))
    out = []
    for i, (when, value) in first_over.items():
        subject = inputs.addresses.subjects[i]
        out.append(
            Proposed(
                "cuckooing_threshold",
                f"cuckooing:{subject.id}",
                subject.area_code,
                subject.id,
                f"{subject.label} reached {value:.0f} for cuckooing risk "
                f"(threshold {chosen.alert_threshold:.0f}) in the week to {when:%d %b %Y}",
                [subject.id],
                when,
            )
        )
    return out


def _age(person: Person, when: date) -> int | None:
    return age_on(latest_birth(person.dob_year, person.dob_month, person.dob_day), when)


def missing_child_alerts() -> list[Proposed]:
    out = []
    links = EventPerson.objects.filter(event__kind="missing_episode").select_related(
        "event", "person"
    )
    for link in links:
        event, person = link.event, link.person
        force = event.home_force or ""
        when = _day(event.occurred_at)
        if not force or LOCAL_FORCE.lower() in force.lower() or when is None:
            continue
        age = _age(person, when)
        if age is None or age >= 18 or not event.area_code:
            continue
        out.append(
            Proposed(
                "missing_from_other_force",
                f"missing:event:{event.pk}",
                event.area_code,
                f"person:{person.pk}",
                f"A child ({age}) missing from {force} was found locally "
                f"({event.location_text or 'location recorded'})",
                [f"event:{event.pk}", f"person:{person.pk}"],
                _day(event.ended_at) or when,
            )
        )
    return out


def _line_numbers() -> dict[int, set[int]]:
    numbers: dict[int, set[int]] = defaultdict(set)
    for line, phone in DealLineNumber.objects.values_list("line_id", "phone_id"):
        numbers[line].add(phone)
    return numbers


def new_phone_alerts() -> list[Proposed]:
    """A phone in the same record as a line's deal-line number, not itself one of its numbers."""
    numbers = _line_numbers()
    line_of_phone: dict[int, set[int]] = defaultdict(set)
    for line, phones in numbers.items():
        for phone in phones:
            line_of_phone[phone].add(line)
    phones_by_event: dict[int, set[int]] = defaultdict(set)
    # Handset downloads list a line's customers, not its phones: they are left out here.
    for event_id, phone in EventPhone.objects.filter(
        event__phone_links__phone_id__in=list(line_of_phone), event__kind__in=PHONE_EVIDENCE
    ).values_list("event_id", "phone_id"):
        phones_by_event[event_id].add(phone)
    events = Event.objects.in_bulk(list(phones_by_event))
    lines = CountyLine.objects.in_bulk(list(numbers))
    out = []
    for event_id, phones in phones_by_event.items():
        event = events[event_id]
        for line_id in {line for p in phones for line in line_of_phone.get(p, ())}:
            for phone in phones - numbers[line_id]:
                out.append(
                    Proposed(
                        "phone_linked_to_line",
                        f"phone:{phone}:line:{line_id}",
                        event.area_code or (lines[line_id].importing_areas or [""])[0],
                        f"countyline:{line_id}",
                        f"A new phone was seen with a deal-line number of {lines[line_id].name}",
                        [f"event:{event_id}", f"phone:{phone}", f"countyline:{line_id}"],
                        _day(event.occurred_at),
                    )
                )
    return out


def _disrupted_since() -> dict[int, tuple[CountyLine, date]]:
    out: dict[int, tuple[CountyLine, date]] = {}
    for line in CountyLine.objects.filter(status__in=DISRUPTED).prefetch_related("status_history"):
        changes = [c for c in line.status_history.all() if c.to_status in DISRUPTED]
        since = min((c.changed_at.date() for c in changes), default=None)
        if since is not None:
            out[line.pk] = (line, since)
    return out


def disrupted_activity_alerts() -> list[Proposed]:
    """New records after a line's disruption that use its numbers or its addresses."""
    numbers = _line_numbers()
    out = []
    for line_id, (line, since) in _disrupted_since().items():
        addresses = set(
            LineAddress.objects.filter(line_id=line_id).values_list("location_id", flat=True)
        )
        # Two index-friendly queries, joined here: SQLite plans their OR as a scan of every
        # event since the disruption (54 s for the demo's lines at 1M events).
        after = after_day(since)
        found = dict(
            EventPhone.objects.filter(
                phone_id__in=numbers.get(line_id, set()), event__occurred_at__gte=after
            ).values_list("event_id", "event__occurred_at")
        )
        found.update(
            Event.objects.filter(location_id__in=addresses, occurred_at__gte=after).values_list(
                "pk", "occurred_at"
            )
        )
        first = sorted(found, key=lambda pk: (found[pk], pk))[:50]
        for event in Event.objects.filter(pk__in=first).order_by("occurred_at", "pk"):
            when = _day(event.occurred_at)
            week = when.isocalendar()[:2] if when else ("?", "?")
            out.append(
                Proposed(
                    "disrupted_line_activity",
                    f"activity:line:{line_id}:{week[0]}-W{week[1]}",
                    event.area_code or (line.importing_areas or [""])[0],
                    f"countyline:{line_id}",
                    f"{line.name} ({line.status_label.lower()} since {since:%d %b %Y}) shows new "
                    f"activity: {event.get_kind_display().lower()} on {when:%d %b %Y}"
                    if when
                    else f"{line.name} shows new activity",
                    [f"event:{event.pk}", f"countyline:{line_id}"],
                    when,
                )
            )
    return out


def re_emergence_alerts() -> list[Proposed]:
    """A disrupted line's cuckooed address or victim appears on another (later) line."""
    out = []
    for line_id, (line, since) in _disrupted_since().items():
        homes = LineAddress.objects.filter(line_id=line_id).values_list("location_id", flat=True)
        for use in (
            LineAddress.objects.filter(location_id__in=list(homes))
            .exclude(line_id=line_id)
            .select_related("line", "location")
        ):
            if use.valid_from and use.valid_from < since:
                continue
            out.append(
                Proposed(
                    "re_emergence",
                    f"reemergence:location:{use.location_id}:line:{use.line_id}",
                    use.location.area_code,
                    f"location:{use.location_id}",
                    f"{use.location.address or use.location.postcode}, used by {line.name} "
                    f"before its disruption, is now linked to {use.line.name}",
                    [
                        f"location:{use.location_id}",
                        f"countyline:{line_id}",
                        f"countyline:{use.line_id}",
                    ],
                    use.valid_from,
                )
            )
        victims = LineMember.objects.filter(
            line_id=line_id, role__in=("runner", "cuckooed_resident")
        ).values_list("person_id", flat=True)
        for member in (
            LineMember.objects.filter(person_id__in=list(victims))
            .exclude(line_id=line_id)
            .select_related("line", "person")
        ):
            if member.valid_from and member.valid_from < since:
                continue
            out.append(
                Proposed(
                    "re_emergence",
                    f"reemergence:person:{member.person_id}:line:{member.line_id}",
                    member.person.area_code or (member.line.importing_areas or [""])[0],
                    f"person:{member.person_id}",
                    f"A past victim of {line.name} is now linked to {member.line.name} "
                    f"as {member.get_role_display().lower()}",
                    [
                        f"person:{member.person_id}",
                        f"countyline:{line_id}",
                        f"countyline:{member.line_id}",
                    ],
                    member.valid_from,
                )
            )
    return out


def raise_alerts(inputs: RiskInputs, weights: Weights, as_of: date) -> list[Alert]:
    """Every situation found now; the ones not raised before become alerts (and emails)."""
    proposed = [
        *cuckooing_alerts(inputs, weights, as_of),
        *missing_child_alerts(),
        *new_phone_alerts(),
        *disrupted_activity_alerts(),
        *re_emergence_alerts(),
    ]
    known = set(Alert.objects.values_list("dedupe_key", flat=True))
    raised = []
    for item in proposed:
        if item.dedupe_key in known:
            continue
        known.add(item.dedupe_key)
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    kind=item.kind,
                    dedupe_key=item.dedupe_key,
                    area_code=item.area_code or "",
                    subject_key=item.subject_key,
                    summary=item.summary[:300],
                    records=item.records,
                    occurred_on=item.occurred_on,
                )
        except IntegrityError:  # raised meanwhile by another process
            continue
        _email(alert)
        raised.append(alert)
    if raised:
        audit(
            "alteration",
            "alert",
            [a.pk for a in raised],
            f"raised {len(raised)} alert(s)",
        )
    return raised


def _email(alert: Alert) -> None:
    recipients = list(getattr(settings, "LINEWATCH_ALERT_EMAILS", {}).get(alert.area_code, []))
    if not recipients:
        return
    send_mail(
        subject=f"Linewatch alert: {alert.kind_label}",
        # The email says that there is an alert and where to read it; never its details.
        message=(
            f"A new alert is waiting in the {alert.area_code} queue in Linewatch "
            f"({alert.kind_label}). Sign in to read it."
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )
    alert.emailed_to = ", ".join(recipients)[:300]
    alert.save(update_fields=["emailed_to"])


def subject_record(key: str) -> Any:
    """The record an alert or worklist row is about, or None."""
    kind, _, pk = key.partition(":")
    models: dict[str, Any] = {"location": Location, "person": Person, "countyline": CountyLine}
    model = models.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.filter(pk=int(pk)).first()
