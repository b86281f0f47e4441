"""The re-emergence watch over the database: what the alerts (risk) work calls.

:func:`new_activity_touching` follows a disrupted or closed line's people, addresses, its
customers' phones (contacts downloaded from seized deal-line handsets) and its own old deal
numbers for ``LINEWATCH_REEMERGENCE_WATCH_DAYS`` days (default 180) after the disruption, and
returns every new line-activity event that touches them, as
:class:`linewatch.core.interventions.Touch` (``event_ref`` is ``"event:<pk>"``).

It reads every agency's records: it is a system check, not a page. Callers that show the
touches to a user must pass the events through the access policy (see ``views_watch``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from linewatch.core.interventions import (
    DEFAULT_WATCH_DAYS,
    ActivityEvent,
    Touch,
    Watch,
    touched_by_new_activity,
    watch_after,
)
from linewatch.core.interventions.watch import ACTIVITY_KINDS
from linewatch.web.events.models import Event, EventPhone
from linewatch.web.lines.models import CountyLine

__all__ = ["disruption_date", "new_activity_touching", "watch_for"]


def watch_days() -> int:
    return int(getattr(settings, "LINEWATCH_REEMERGENCE_WATCH_DAYS", DEFAULT_WATCH_DAYS))


def disruption_date(line: CountyLine) -> dt.date | None:
    """The day of the line's latest move to disrupted (or, failing that, closed)."""
    for status in ("disrupted", "closed"):
        change = line.status_history.filter(to_status=status).order_by("-changed_at").first()
        if change is not None:
            return timezone.localdate(change.changed_at)
    return None


def watch_for(line: CountyLine, *, days: int | None = None) -> Watch | None:
    """What to follow for ``line`` after its disruption, or ``None`` if it was never disrupted."""
    disrupted = disruption_date(line)
    if disrupted is None:
        return None
    numbers = list(line.numbers.values_list("phone__e164", flat=True))
    handsets = EventPhone.objects.filter(
        role="handset", phone__e164__in=numbers, event__kind="handset_contact"
    ).values("event_id")
    customers = EventPhone.objects.filter(event_id__in=handsets, role="contact").values_list(
        "phone__e164", flat=True
    )
    return watch_after(
        line.pk,
        disrupted,
        days=days or watch_days(),
        person_ids=line.members.values_list("person_id", flat=True),
        location_ids=line.addresses.values_list("location_id", flat=True),
        customer_phones=set(customers) - set(numbers),
        line_phones=numbers,
    )


def _events(watch: Watch) -> list[ActivityEvent]:
    start = timezone.make_aware(dt.datetime.combine(watch.starts_on, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(watch.ends_on, dt.time.max))
    phones = watch.customer_phones | watch.line_phones
    touching = (
        Q(person_links__person_id__in=watch.person_ids)
        | Q(location_id__in=watch.location_ids)
        | Q(phone_links__phone__e164__in=phones)
    )
    queryset = (
        Event.objects.filter(touching, kind__in=ACTIVITY_KINDS, occurred_at__range=(start, end))
        .distinct()
        .prefetch_related("person_links", "phone_links__phone")
    )
    result = []
    for event in queryset:
        assert event.occurred_at is not None
        result.append(
            ActivityEvent(
                ref=f"event:{event.pk}",
                kind=event.kind,
                occurred_on=timezone.localdate(event.occurred_at),
                person_ids=frozenset(link.person_id for link in event.person_links.all()),
                location_ids=frozenset({event.location_id} if event.location_id else ()),
                phones=frozenset(link.phone.e164 for link in event.phone_links.all()),
            )
        )
    return result


def new_activity_touching(line: CountyLine, *, days: int | None = None) -> list[Touch]:
    """New line activity touching ``line``'s people, addresses and customers during its watch.

    Empty when the line was never disrupted. Oldest first.
    """
    watch = watch_for(line, days=days)
    if watch is None:
        return []
    return touched_by_new_activity(watch, _events(watch))
