"""Interventions for a simulated scenario's registered lines, as the partnership would have
recorded them, so the demo's "what works" and guide have something to show.

The simulator's ground truth says when each line was disrupted and closed (and how); this
enters the actions behind those moves — the holder's arrest, warrants and (for some lines)
closure notices and orders at the cuckooed homes, safeguarding referrals of child runners,
diversion of customers into treatment, the charge (Type 1) or the handset seizure (Type 2) —
without moving any status again (the register already holds the history). Which optional
tactics a line gets is decided by its id, so the same scenario always gives the same mix.
Idempotent: each intervention has a ``source_key`` and is entered once.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from linewatch.web.accounts.models import Agency
from linewatch.web.interventions.models import Intervention
from linewatch.web.interventions.services import save_deadlines
from linewatch.web.lines.models import CountyLine

__all__ = ["record_scenario_interventions"]

POLICE = "leicestershire-police"
FEED = "demo"


def _day_of(line: CountyLine, status: str) -> dt.date | None:
    change = line.status_history.filter(to_status=status).order_by("changed_at").first()
    return timezone.localdate(change.changed_at) if change else None


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _add(line: CountyLine, key: str, kind: str, on: dt.date, agency: Agency, **fields: Any) -> int:
    record, created = Intervention.objects.get_or_create(
        owning_agency=agency,
        source_feed=FEED,
        source_key=f"{line.source_key or line.pk}:{key}",
        defaults={
            "kind": kind,
            "line": line,
            "started_on": on,
            "received_at": _at(on),
            "area_code": line.area_code,
            **fields,
        },
    )
    if created:
        save_deadlines(record)
    return int(created)


@transaction.atomic
def record_scenario_interventions() -> int:
    """Enter the interventions behind every registered demo line's disruption; return how many
    were new."""
    police = Agency.objects.get(code=POLICE)
    partners = {a.kind: a for a in Agency.objects.exclude(kind="police").order_by("code")}
    created = 0
    for line in CountyLine.objects.filter(source_feed=FEED).order_by("pk"):
        disrupted = _day_of(line, "disrupted")
        closed = _day_of(line, "closed")
        start = disrupted or closed
        if start is None:
            continue
        choice = zlib.crc32((line.source_key or str(line.pk)).encode())
        holder = line.members.filter(role="holder").select_related("person").first()
        homes = list(line.addresses.select_related("location"))
        if holder:
            created += _add(
                line,
                "arrest",
                "arrest",
                start,
                police,
                person=holder.person,
                outcome="Line holder arrested",
            )
        for n, use in enumerate(homes):
            created += _add(
                line,
                f"warrant:{n}",
                "warrant",
                start,
                police,
                location=use.location,
                outcome="Warrant executed; drugs and cash seized",
            )
        if homes and choice % 2 == 0:
            home = homes[0].location
            served = _at(start + dt.timedelta(days=1), 15)
            created += _add(
                line,
                "closure_notice",
                "closure_notice",
                served.date(),
                police,
                location=home,
                served_at=served,
                details={"notice_hours": 48},
                outcome="Served; residents exempted",
            )
            made = served.date() + dt.timedelta(days=2)
            created += _add(
                line,
                "closure_order",
                "closure_order",
                made,
                police,
                location=home,
                ends_on=made + dt.timedelta(days=90),
                hearing_at=served + dt.timedelta(hours=44),
                outcome="Granted for three months",
            )
        if choice % 3 != 0:
            safeguarding = partners.get("safeguarding") or partners.get("council") or police
            for n, runner in enumerate(line.members.filter(role="runner").select_related("person")):
                if runner.person.is_child_record:
                    created += _add(
                        line,
                        f"safeguarding:{n}",
                        "safeguarding_child",
                        start + dt.timedelta(days=2),
                        safeguarding,
                        person=runner.person,
                        sensitivity="sensitive",
                        outcome="Strategy meeting held",
                    )
        if choice % 5 in (0, 1, 2):
            treatment = partners.get("treatment") or police
            created += _add(
                line,
                "diversion",
                "diversion_message",
                start + dt.timedelta(days=5),
                treatment,
                outcome="Customers sent the local treatment service's details",
            )
        if closed is not None:
            if line.closure_type == "2" or not holder:
                created += _add(
                    line,
                    "deactivation",
                    "handset_seizure",
                    closed,
                    police,
                    closes_line="2",
                    outcome="Deal-line number deactivated",
                )
            else:
                created += _add(
                    line,
                    "charge",
                    "charge",
                    closed,
                    police,
                    person=holder.person,
                    closes_line="1",
                    outcome="Line holder charged",
                )
    return created
