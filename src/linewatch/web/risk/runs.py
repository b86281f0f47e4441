"""Computing risk runs: the three lists and the places, scored for one agency's role from
what that role may see, stored so worklist pages read them in milliseconds.

Pages never compute a run (``web/risk/rescoring.py`` says when one is stale and starts a new
one outside the request). Every agency's roles are scored from one read of the records
(``web/risk/records.py``), each narrowed to what the role may see; only the rows kept for the
worklists (the best ``PER_AREA`` of every area) are explained.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from linewatch.core.access import POLICE_ROLES, Role
from linewatch.core.risk import (
    ListWeights,
    RiskScore,
    SignalTable,
    Subject,
    Weights,
    load_weights,
    score_table,
)
from linewatch.core.risk.model import ADULT_AGE, age_on
from linewatch.core.risk.places import PlaceEvent, priority_places
from linewatch.core.risk.scoring import Supplied, explain
from linewatch.web.local_days import day_start
from linewatch.web.risk.freshness import last_change, touch
from linewatch.web.risk.models import RiskEntry, RiskRun
from linewatch.web.risk.records import Records, read_records
from linewatch.web.risk.signals import RiskInputs, inputs_from

PER_AREA = 50
ENABLER_ROLES = frozenset(POLICE_ROLES)


def weights() -> Weights:
    return load_weights(getattr(settings, "LINEWATCH_RISK_WEIGHTS", None) or None)


def sees_enablers(user: Any) -> bool:
    """The enablers list names people as harmful: police roles only (DOMAIN §3.1 caution)."""
    return (
        getattr(user, "role", "") in ENABLER_ROLES
        and getattr(getattr(user, "agency", None), "kind", "") == "police"
    )


def current_stamp() -> datetime | None:
    """The records-changed stamp, read before a run's inputs (stamped now if never)."""
    stamp = last_change()
    if stamp is None:  # never stamped: from now on, changes are
        touch()
        stamp = last_change()
    return stamp


def compute_run(
    user: Any,
    *,
    as_of: date | None = None,
    records: Records | None = None,
    stamp: datetime | None = None,
) -> RiskRun:
    """Score every list for ``user``'s view and store the top rows of each area.

    ``records`` (all of them, from :func:`read_records`, with the ``stamp`` read before them)
    are narrowed to ``user``'s view; without them, the view is read from the database."""
    started = time.perf_counter()
    if records is None:
        stamp = current_stamp()
        records = read_records(user)
    else:
        stamp = stamp or current_stamp()
        records = records.visible_to(user)
    chosen = weights()
    inputs = inputs_from(records, radius_m=chosen["cuckooing"].radius_m)
    when = as_of or inputs.latest or timezone.localdate()
    rows: list[RiskEntry] = []
    lists = ["cuckooing", "victims"] + (["enablers"] if sees_enablers(user) else [])
    for name in lists:
        table = {
            "cuckooing": inputs.addresses,
            "victims": inputs.victims,
            "enablers": inputs.enablers,
        }[name]
        among = _adults(when) if name == "enablers" else None
        kept = top_per_area(table, chosen[name], when, inputs.supplied, among)
        rows += [_entry(name, score) for score in kept]
    rows += _places(records, when)
    with transaction.atomic():
        run = RiskRun.objects.create(
            agency=user.agency,
            role=user.role,
            as_of=when,
            weights_source=chosen.source,
            records_changed_at=stamp,
            feeds_by_area={a: sorted(f) for a, f in inputs.feeds_by_area.items()},
        )
        for row in rows:
            row.run = run
        RiskEntry.objects.bulk_create(rows, batch_size=500)
        RiskRun.objects.filter(agency=user.agency, role=user.role).exclude(pk=run.pk).delete()
        run.seconds = round(time.perf_counter() - started, 2)
        run.save(update_fields=["seconds"])
    return run


def _adults(when: date) -> Any:
    """Adults, and people whose age is not known (a known child is a victim first)."""

    def adult(subject: Any) -> bool:
        age = age_on(subject.birth, when)
        return age is None or age >= ADULT_AGE

    return adult


def top_per_area(
    table: SignalTable,
    chosen: ListWeights,
    when: date,
    supplied: Supplied,
    among: Callable[[Subject], bool] | None = None,
) -> list[RiskScore]:
    """The best ``PER_AREA`` with a score overall, per local authority and per NPA (each
    subject once, best first), explained: only these are, not every subject of the table."""
    scored = score_table(table, chosen, when, supplied)
    order = np.argsort(-scored.scores, kind="stable")
    kept: dict[int, int] = {}  # subject index -> rank among those ``among`` accepts
    counts: dict[str, int] = {}
    rank = 0
    for i in order.tolist():
        subject = table.subjects[i]
        if among is not None and not among(subject):
            continue
        rank += 1
        if round(float(scored.scores[i]), 1) <= 0:  # as shown: best first, so none after
            break
        for bucket in ("all", f"la:{subject.area_code}", f"npa:{subject.npa}"):
            if counts.get(bucket, 0) < PER_AREA:
                counts[bucket] = counts.get(bucket, 0) + 1
                kept[i] = rank
    table.focus(kept)
    return [explain(table, chosen, scored, i, when, rank) for i, rank in kept.items()]


def _entry(name: str, score: RiskScore) -> RiskEntry:
    kind, _, pk = score.subject.id.partition(":")
    return RiskEntry(
        list_name=name,
        subject_type=kind,
        subject_pk=int(pk) if pk.isdigit() else None,
        subject_key=score.subject.id,
        label=score.subject.label[:300],
        area_code=score.subject.area_code or "",
        npa=score.subject.npa or "",
        score=score.score,
        confidence=score.confidence,
        factors=[
            {
                "factor": f.factor,
                "label": f.label,
                "points": round(f.points, 2),
                "evidence": round(f.evidence, 2),
                "records": list(f.records),
                "notes": list(f.notes),
            }
            for f in score.factors
        ],
        missing_feeds=list(score.missing_feeds),
        next_step=score.next_step[:300],
    )


def _places(records: Records, when: date) -> list[RiskEntry]:
    from linewatch.core.geography import authorities_at

    since = day_start(when - timedelta(days=90))
    events = [
        PlaceEvent(
            float(e or 0),
            float(n or 0),
            at.date(),
            category if kind == "street_crime" else kind,
            f"event:{pk}",
        )
        for pk, kind, at, _location, e, n, category, *_ in records.events.rows
        if e is not None and at is not None and at >= since
    ]
    places = priority_places(events, when)
    if not places:
        return []
    areas = authorities_at([p.easting for p in places], [p.northing for p in places])
    out = []
    for place, area in zip(places, areas, strict=True):
        decile = f"IMD decile {place.imd_decile}" if place.imd_decile else "IMD not known"
        out.append(
            RiskEntry(
                list_name="places",
                subject_type="cell",
                subject_key=place.key,
                label=f"250 m square at {place.easting:.0f}, {place.northing:.0f}"
                + (f" (LSOA {place.lsoa_code})" if place.lsoa_code else ""),
                area_code=str(area or ""),
                score=place.score,
                factors=[
                    {
                        "factor": "harm",
                        "label": f"harm from {place.events} recent events",
                        "points": place.harm,
                        "evidence": place.events,
                        "records": list(place.records),
                        "notes": [],
                    },
                    {
                        "factor": "hotspot",
                        "label": f"Gi* z-score {place.z:.1f}",
                        "points": place.z,
                        "evidence": place.z,
                        "records": [],
                        "notes": [],
                    },
                    {
                        "factor": "deprivation",
                        "label": decile,
                        "points": 0,
                        "evidence": 0,
                        "records": [],
                        "notes": [],
                    },
                ],
                next_step="Problem-solving plan: patrol, environmental visual audit, partners",
            )
        )
    return out


def viewers() -> dict[tuple[int, str], Any]:
    """One active user for every agency and role that has worklists, by (agency id, role)."""
    from linewatch.web.accounts.models import User

    out: dict[tuple[int, str], Any] = {}
    users = User.objects.filter(is_active=True).exclude(agency=None).select_related("agency")
    for user in users.order_by("pk"):
        if user.agency_id is not None and user.role not in (Role.ADMINISTRATOR, Role.AUDITOR):
            out.setdefault((user.agency_id, user.role), user)
    return out


__all__ = [
    "RiskInputs",
    "compute_run",
    "current_stamp",
    "sees_enablers",
    "top_per_area",
    "viewers",
]
