"""Erasing a person: every row that refers to the record goes with it, found through Django's
deletion collector, which follows every relation to ``Person`` that any installed app
declares (aliases, phone and event links, line roles, linkage pairs and decisions, entity
memberships — and whatever later apps add).  Relations declared ``SET_NULL`` (a record that
belongs to its own class, such as an intervention or an event) are detached, not deleted.
A relation declared ``PROTECT`` stops the erasure and names what is in the way.

Derived data that holds person ids without a foreign key (caches, exported files) registers a
cleaner with :func:`register_cleaner`; each is called inside the same transaction.

The audit entry names the record id and the counts of what went, never the personal data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector

from linewatch.web.audit.trail import record as audit
from linewatch.web.pole.models import Person

Cleaner = Callable[[int], int]
_cleaners: list[tuple[str, Cleaner]] = []


def register_cleaner(name: str, cleaner: Cleaner) -> None:
    """Call ``cleaner(person_id)`` at each erasure; it returns how many items it removed."""
    if all(existing != name for existing, _ in _cleaners):
        _cleaners.append((name, cleaner))


class ErasureRefused(Exception):
    """The person cannot be erased as things stand; the message says what is in the way."""


@dataclass(frozen=True)
class ErasureReport:
    person_id: int
    deleted: dict[str, int]  # model label -> rows deleted
    detached: dict[str, int]  # model label -> rows whose link was set to null

    @property
    def summary(self) -> str:
        parts = [f"{n} {label}" for label, n in sorted(self.deleted.items())]
        detached = [f"{n} {label}" for label, n in sorted(self.detached.items())]
        text = f"Erased person record {self.person_id}: deleted " + ", ".join(parts)
        if detached:
            text += "; detached " + ", ".join(detached)
        return text


def plan(person: Person) -> Collector:
    collector = Collector(using=router.db_for_write(Person))
    try:
        collector.collect([person])
    except (ProtectedError, RestrictedError) as error:
        blocking = sorted({obj._meta.label for obj in error.args[1]})
        raise ErasureRefused(
            f"records of kind {', '.join(blocking)} depend on this person and are protected; "
            "their owners must remove the link first"
        ) from None
    return collector


def erase_person(person: Person, *, user: Any, reason: str, request: Any = None) -> ErasureReport:
    """Remove the person and everything that refers to them, atomically, and audit it."""
    person_id = int(person.pk)
    with transaction.atomic():
        collector = plan(person)
        detached: Counter[str] = Counter()
        updates: Any = collector.field_updates
        for (field, _value), batches in updates.items():
            detached[field.model._meta.label] += sum(len(batch) for batch in batches)
        _total, deleted = collector.delete()
        removed = Counter({label: n for label, n in deleted.items() if n})
        for name, cleaner in _cleaners:
            count = cleaner(person_id)
            if count:
                removed[name] += count
        report = ErasureReport(person_id, dict(removed), dict(detached))
        audit(
            "erasure",
            "person",
            [person_id],
            report.summary,
            request=request,
            user=user,
            justification=reason,
        )
    return report
