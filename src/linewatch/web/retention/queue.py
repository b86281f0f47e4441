"""The review queue: records past their review date, per record class."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest

from linewatch.web.events.models import Event
from linewatch.web.interventions.models import Intervention
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person
from linewatch.web.retention.periods import ReviewPeriod

INTEL_KINDS = ("intelligence", "community_report")


@dataclass(frozen=True)
class RecordClass:
    name: str
    label: str
    kind: str  # what a stub calls one record
    model: type[models.Model]
    where: Q
    detail_url: str  # URL name of its page, "" when it has none


CLASSES: dict[str, RecordClass] = {
    c.name: c
    for c in (
        RecordClass("person", "People", "person", Person, Q(), "people:detail"),
        RecordClass(
            "intelligence",
            "Intelligence",
            "intelligence report",
            Event,
            Q(kind__in=INTEL_KINDS),
            "intel:detail",
        ),
        RecordClass("event", "Events", "event", Event, ~Q(kind__in=INTEL_KINDS), "events:detail"),
        RecordClass("location", "Locations", "location", Location, Q(), "locations:detail"),
        RecordClass("line", "County lines", "county line", CountyLine, Q(), "lines:detail"),
        RecordClass("intervention", "Interventions", "intervention", Intervention, Q(), ""),
    )
}


def due_for_review(
    record_class: RecordClass, period: ReviewPeriod, today: dt.date | None = None
) -> models.QuerySet[Any]:
    """The class's records whose review date has passed, oldest first (no policy applied:
    pass the result through the access policy before showing it)."""
    cutoff = period.cutoff(today)
    queryset = record_class.model._default_manager.filter(record_class.where)
    if period.runs_from == "last_activity":
        queryset = queryset.annotate(
            last_event=Max("event_links__event__occurred_at"),
        ).annotate(
            review_from=Greatest("received_at", Coalesce("last_event", "received_at")),
        )
    else:
        queryset = queryset.annotate(review_from=models.F(period.runs_from))
    due: models.QuerySet[Any] = queryset.filter(review_from__lt=cutoff)
    return due.order_by("review_from", "pk")
