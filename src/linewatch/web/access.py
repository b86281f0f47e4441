"""The access policy applied to Django records and querysets.

The decisions themselves live in :mod:`linewatch.core.access`; this module only describes
records to it and turns its answers into queryset filters. Every list, detail, search, export
and API path calls :func:`visible_or_redacted`, :func:`decide_for` or :func:`filter_visible`.

Querysets are filtered exactly as the per-record decision would filter them: the policy depends
on the owning agency only through (is it the viewer's agency, its kind) and on the area only
through (in the viewer's areas, outside them, unknown), so the filter enumerates those few
combinations and asks :func:`decide` about each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from linewatch.core.access import (
    HANDLING_CODES,
    SENSITIVITIES,
    Decision,
    Marking,
    Viewer,
    decide,
)
from linewatch.web.accounts.models import Agency

M = TypeVar("M", bound=models.Model)

RECORD_CLASS_BY_MODEL = {
    "pole.person": "person",
    "pole.location": "location",
    "pole.phone": "location",
    "pole.vehicle": "location",
    "events.event": "event",
    "lines.countyline": "line",
    "interventions.intervention": "intervention",
}


def record_class_of(record: models.Model | type[models.Model]) -> str:
    label = record._meta.label_lower
    intelligence = getattr(record, "kind", "") in ("intelligence", "community_report")
    if label == "events.event" and isinstance(record, models.Model) and intelligence:
        return "intelligence"
    return RECORD_CLASS_BY_MODEL[label]


def _agency_kinds() -> dict[int, tuple[str, str]]:
    return {a["id"]: (a["code"], a["kind"]) for a in Agency.objects.values("id", "code", "kind")}


def marking_of(record: Any) -> Marking:
    """Describe a record to the policy (use ``select_related("owning_agency")`` in lists)."""
    agency = record.owning_agency
    code, kind = agency.code, agency.kind
    return Marking(
        record_class=record_class_of(record),
        owning_agency_code=code,
        owning_agency_kind=kind,
        handling_code=record.handling_code,
        sensitivity=record.sensitivity,
        area_code=record.area_code or None,
    )


def viewer_of(user: Any) -> Viewer:
    if user is None or not user.is_authenticated:
        raise PermissionError("an anonymous user has no access to partnership records")
    viewer: Viewer = user.viewer()
    return viewer


def decide_for(user: Any, record: Any) -> Decision:
    """The policy's decision for one record."""
    return decide(viewer_of(user), marking_of(record))


@dataclass(frozen=True)
class Stub:
    """What a redacted record shows: that it exists, who holds it and whom to ask."""

    kind: str
    reference: str
    agency_name: str
    contact: str


def stub_for(record: Any, kind: str) -> Stub:
    agency = record.owning_agency
    return Stub(
        kind=kind,
        reference=f"{record._meta.model_name}:{record.pk}",
        agency_name=agency.name,
        contact=agency.contact or "the agency's Linewatch administrator",
    )


def policy_q(user: Any, model: type[models.Model], wanted: Iterable[Decision]) -> Q:
    """A filter selecting the records of ``model`` whose decision for ``user`` is in ``wanted``.

    Built once per user object (i.e. per request) and model, and kept small: agencies that
    get the same answers are grouped into one ``IN`` list, and conditions that do not change
    the answer (a handling code, a sensitivity, the area) are left out.
    """
    wanted = frozenset(wanted)
    cache: dict[tuple[str, frozenset[Decision]], Q] = user.__dict__.setdefault(
        "_linewatch_policy_q", {}
    )
    key = (model._meta.label_lower, wanted)
    if key not in cache:
        cache[key] = _build_policy_q(viewer_of(user), model, wanted)
    return cache[key]


def _area_buckets(viewer: Viewer) -> list[tuple[str | None, Q]]:
    """The area values that can change a decision, each with the filter selecting it."""
    areas = sorted(viewer.areas)
    if not areas:
        return [(None, Q(area_code="")), ("__any__", ~Q(area_code=""))]
    return [
        (None, Q(area_code="")),
        (areas[0], Q(area_code__in=areas)),
        ("__outside__", ~Q(area_code__in=areas) & ~Q(area_code="")),
    ]


def _build_policy_q(viewer: Viewer, model: type[models.Model], wanted: frozenset[Decision]) -> Q:
    label = model._meta.label_lower
    classes = (
        ["event", "intelligence"] if label == "events.event" else [RECORD_CLASS_BY_MODEL[label]]
    )
    groups: dict[tuple[bool, str], list[int]] = {}
    for agency_id, (code, kind) in _agency_kinds().items():
        groups.setdefault((code == viewer.agency_code, kind), []).append(agency_id)
    buckets = _area_buckets(viewer)
    pairs = [(h, s) for h in HANDLING_CODES for s in SENSITIVITIES]
    combined = Q(pk__in=[])
    for record_class in classes:
        # (agencies, marking pairs) -> the area buckets where exactly those are allowed
        terms: dict[tuple[frozenset[int], frozenset[tuple[str, str]]], list[int]] = {}
        for index, (area, _) in enumerate(buckets):
            allowed: dict[frozenset[int], set[tuple[str, str]]] = {}
            for handling, sensitivity in pairs:
                ids = frozenset(
                    agency_id
                    for (is_own, kind), agency_ids in groups.items()
                    if decide(
                        viewer,
                        Marking(
                            record_class,
                            viewer.agency_code if is_own else "__other__",
                            kind,
                            handling,
                            sensitivity,
                            area,
                        ),
                    )
                    in wanted
                    for agency_id in agency_ids
                )
                if ids:
                    allowed.setdefault(ids, set()).add((handling, sensitivity))
            for ids, allowed_pairs in allowed.items():
                terms.setdefault((ids, frozenset(allowed_pairs)), []).append(index)
        class_q = _class_q(model, record_class)
        for (ids, marking_pairs), indices in terms.items():
            combined |= (
                class_q
                & Q(owning_agency_id__in=sorted(ids))
                & _markings_q(marking_pairs)
                & _buckets_q([buckets[i][1] for i in indices], len(buckets))
            )
    return combined


def _markings_q(allowed: frozenset[tuple[str, str]]) -> Q:
    if len(allowed) == len(HANDLING_CODES) * len(SENSITIVITIES):
        return Q()
    q = Q(pk__in=[])
    for handling in HANDLING_CODES:
        sensitivities = sorted(s for h, s in allowed if h == handling)
        if len(sensitivities) == len(SENSITIVITIES):
            q |= Q(handling_code=handling)
        elif sensitivities:
            q |= Q(handling_code=handling, sensitivity__in=sensitivities)
    return q


def _buckets_q(area_qs: list[Q], total: int) -> Q:
    if len(area_qs) == total:
        return Q()
    q = Q(pk__in=[])
    for area_q in area_qs:
        q |= area_q
    return q


def _class_q(model: type[models.Model], record_class: str) -> Q:
    if model._meta.label_lower != "events.event":
        return Q()
    intel_kinds = ["intelligence", "community_report"]
    return Q(kind__in=intel_kinds) if record_class == "intelligence" else ~Q(kind__in=intel_kinds)


def filter_visible(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Only the records the user may see in full."""
    return queryset.filter(policy_q(user, queryset.model, [Decision.VISIBLE]))


def visible_or_redacted(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """The records the user may know exist (in full or as stubs); hidden ones are left out."""
    return queryset.filter(policy_q(user, queryset.model, [Decision.VISIBLE, Decision.REDACTED]))
