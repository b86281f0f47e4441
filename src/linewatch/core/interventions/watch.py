"""The re-emergence watch: after a disruption, follow the line's people, addresses and
customers' phones for a period, and notice new line activity that touches them.

Replacement lines re-target the same people (DESIGN.md): the same cuckooed resident, the same
customers, sometimes the same child runner. A :class:`Watch` holds what to follow and for how
long; :func:`touched_by_new_activity` says which new events touch it, and how.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = [
    "ACTIVITY_KINDS",
    "DEFAULT_WATCH_DAYS",
    "ActivityEvent",
    "Touch",
    "Watch",
    "touched_by_new_activity",
    "watch_after",
]

DEFAULT_WATCH_DAYS = 180
# Event kinds that are line activity (not, say, a treatment referral or street crime).
ACTIVITY_KINDS = frozenset(
    {
        "intelligence",
        "community_report",
        "drug_seizure",
        "stop_search",
        "arrest",
        "missing_episode",
        "handset_contact",
        "asb",
        "needle_find",
    }
)


@dataclass(frozen=True)
class Watch:
    """What to follow after a line's disruption, and until when (inclusive)."""

    line_id: int
    starts_on: date
    ends_on: date
    person_ids: frozenset[int] = frozenset()
    location_ids: frozenset[int] = frozenset()
    customer_phones: frozenset[str] = frozenset()  # E.164
    line_phones: frozenset[str] = frozenset()  # the line's own deal numbers: activity on them
    # is the same line going on, not a new one; it still counts, labelled "old deal line".

    def is_open_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class ActivityEvent:
    """A recorded event, reduced to what a watch compares."""

    ref: str
    kind: str
    occurred_on: date
    person_ids: frozenset[int] = frozenset()
    location_ids: frozenset[int] = frozenset()
    phones: frozenset[str] = frozenset()
    line_ids: frozenset[int] = frozenset()  # lines the event is already attributed to


@dataclass(frozen=True)
class Touch:
    """One new event touching a watched line: which event, when, and through what."""

    line_id: int
    event_ref: str
    kind: str
    occurred_on: date
    via: tuple[str, ...]  # "person:12", "address:7", "customer phone:+447700900123", ...
    days_after_disruption: int = 0
    extra: dict[str, str] = field(default_factory=dict)


def watch_after(
    line_id: int,
    disrupted_on: date,
    *,
    days: int = DEFAULT_WATCH_DAYS,
    person_ids: Iterable[int] = (),
    location_ids: Iterable[int] = (),
    customer_phones: Iterable[str] = (),
    line_phones: Iterable[str] = (),
) -> Watch:
    """A watch of ``days`` days starting the day after the disruption.

    >>> watch_after(1, date(2026, 1, 1), days=90).ends_on.isoformat()
    '2026-04-01'
    """
    if days < 1:
        raise ValueError(f"a watch lasts at least one day; got {days}")
    start = disrupted_on + timedelta(days=1)
    return Watch(
        line_id=line_id,
        starts_on=start,
        ends_on=disrupted_on + timedelta(days=days),
        person_ids=frozenset(person_ids),
        location_ids=frozenset(location_ids),
        customer_phones=frozenset(customer_phones),
        line_phones=frozenset(line_phones),
    )


def touched_by_new_activity(watch: Watch, events: Iterable[ActivityEvent]) -> list[Touch]:
    """Every line-activity event in the watch period touching the watched people, addresses or
    phones, oldest first (ties by reference). Events already attributed to the watched line
    itself are left out: they are the old line, not new activity.

    >>> w = watch_after(1, date(2026, 1, 1), person_ids=[5])
    >>> e = ActivityEvent("SS-1", "stop_search", date(2026, 2, 1), person_ids=frozenset({5}))
    >>> [t.via for t in touched_by_new_activity(w, [e])]
    [('person:5',)]
    """
    touches = []
    for event in events:
        if event.kind not in ACTIVITY_KINDS or not watch.is_open_on(event.occurred_on):
            continue
        if watch.line_id in event.line_ids:
            continue
        via = (
            [f"person:{p}" for p in sorted(event.person_ids & watch.person_ids)]
            + [f"address:{a}" for a in sorted(event.location_ids & watch.location_ids)]
            + [f"customer phone:{n}" for n in sorted(event.phones & watch.customer_phones)]
            + [f"old deal line:{n}" for n in sorted(event.phones & watch.line_phones)]
        )
        if via:
            touches.append(
                Touch(
                    line_id=watch.line_id,
                    event_ref=event.ref,
                    kind=event.kind,
                    occurred_on=event.occurred_on,
                    via=tuple(via),
                    days_after_disruption=(event.occurred_on - watch.starts_on).days + 1,
                )
            )
    return sorted(touches, key=lambda t: (t.occurred_on, t.event_ref))
