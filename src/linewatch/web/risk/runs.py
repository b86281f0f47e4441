"""Computing and keeping risk runs: the three lists and the places, scored for one agency's
role from what that role may see, stored so worklist pages read them in milliseconds.

A run is reused until it is older than ``LINEWATCH_RISK_MAX_AGE_HOURS`` (default 24) or records
have changed since its inputs were read (one stamp row, ``web/risk/freshness.py``);
``linewatch score`` recomputes every agency's runs (the demo does).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from linewatch.core.access import POLICE_ROLES, Role
from linewatch.core.risk import RiskScore, Weights, load_weights, ranked
from linewatch.core.risk.model import ADULT_AGE, age_on
from linewatch.core.risk.places import PlaceEvent, priority_places
from linewatch.web.access import filter_visible
from linewatch.web.events.models import Event
from linewatch.web.local_days import day_start
from linewatch.web.risk.freshness import last_change, touch
from linewatch.web.risk.models import RiskEntry, RiskRun
from linewatch.web.risk.signals import RiskInputs, build_inputs

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


def current_run(user: Any) -> RiskRun:
    """The latest run for the user's agency and role if still fresh, else a new one."""
    max_age = timedelta(hours=float(getattr(settings, "LINEWATCH_RISK_MAX_AGE_HOURS", 24)))
    run = RiskRun.objects.filter(agency=user.agency, role=user.role).first()
    if run is not None and run.computed_at >= timezone.now() - max_age:
        changed, seen = last_change(), run.records_changed_at
        if changed is not None and seen is not None and changed <= seen:
            return run
    return compute_run(user)


def compute_run(user: Any, *, as_of: date | None = None) -> RiskRun:
    """Score every list for ``user``'s view and store the top rows of each area."""
    started = time.perf_counter()
    stamp = last_change()
    if stamp is None:  # never stamped: from now on, changes are
        touch()
        stamp = last_change()
    chosen = weights()
    inputs = build_inputs(user, radius_m=chosen["cuckooing"].radius_m)
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
        scores = ranked(
            table, chosen[name], when, supplied=inputs.supplied, limit=None, among=among
        )
        rows += [_entry(name, score) for score in _top_per_area(scores) if score.score > 0]
    rows += _places(user, when)
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


def _top_per_area(scores: list[RiskScore]) -> Iterable[RiskScore]:
    """The best ``PER_AREA`` overall, per local authority and per NPA (each subject once)."""
    kept: dict[str, RiskScore] = {}
    counts: dict[str, int] = {}
    for score in scores:  # already best first
        subject = score.subject
        for bucket in ("all", f"la:{subject.area_code}", f"npa:{subject.npa}"):
            if counts.get(bucket, 0) < PER_AREA:
                counts[bucket] = counts.get(bucket, 0) + 1
                kept[subject.id] = score
    return kept.values()


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


def _places(user: Any, when: date) -> list[RiskEntry]:
    from linewatch.core.geography import authorities_at

    rows = filter_visible(user, Event.objects.exclude(easting=None)).values_list(
        "pk", "kind", "category", "occurred_at", "easting", "northing"
    )
    since = when - timedelta(days=90)
    events = [
        PlaceEvent(
            float(e or 0),
            float(n or 0),
            at.date(),
            category if kind == "street_crime" else kind,
            f"event:{pk}",
        )
        for pk, kind, category, at, e, n in rows.filter(occurred_at__gte=day_start(since))
        if at is not None
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


def recompute_all() -> list[RiskRun]:
    """A run for every agency and role that has an active user (``linewatch score``)."""
    from linewatch.web.accounts.models import User

    runs = []
    seen: set[tuple[int | None, str]] = set()
    for user in User.objects.filter(is_active=True).exclude(agency=None).select_related("agency"):
        key = (user.agency_id, user.role)
        if key in seen or user.role in (Role.ADMINISTRATOR, Role.AUDITOR):
            continue
        seen.add(key)
        runs.append(compute_run(user))
    return runs


__all__ = ["RiskInputs", "compute_run", "current_run", "recompute_all", "sees_enablers"]
