""" "Records last changed at": one stamp row, so a worklist page can tell in one key lookup
whether its stored run is still fresh (it was a ``Max(modified_at)`` over every event).

The stamp is written after the transaction that changed records commits (so a long import
never holds the row lock while others save), once per transaction however many rows it saved:

- every ``save`` of the records the lists are scored on (events and the people, places and
  intelligence in them, the county lines register) — forms, the API, the admin;
- every feed import (``FeedImport`` is saved when an import finishes: the bulk writer itself
  sends no signals) — ``linewatch import``, uploads, ``load_scenario``;
- deletions of people, places, intelligence and register rows, and erasures (which also drop
  the erased person's stored worklist rows at once).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from linewatch.web.risk.models import RecordsChanged

STAMP = 1
# (app label, model) whose saves change what the lists are scored on.
SAVED = (
    ("events", "Event"),
    ("events", "EventPerson"),
    ("pole", "Person"),
    ("pole", "Location"),
    ("intel", "IntelligenceReport"),
    ("lines", "CountyLine"),
    ("lines", "LineAddress"),
    ("lines", "LineMember"),
    ("intake", "FeedImport"),
)
# Deletions are watched only on small tables: a delete listener on events would turn Django's
# fast bulk deletes of events into row-by-row ones.
DELETED = (
    ("pole", "Person"),
    ("pole", "Location"),
    ("intel", "IntelligenceReport"),
    ("lines", "CountyLine"),
    ("lines", "LineAddress"),
    ("lines", "LineMember"),
)


def touch(when: datetime | None = None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Records changed now (or at ``when``) in database ``using``."""
    moment = when or timezone.now()
    stamps = RecordsChanged.objects.using(using)
    if stamps.filter(pk=STAMP).update(changed_at=moment):
        return
    try:
        with transaction.atomic(using=using):
            stamps.create(pk=STAMP, changed_at=moment)
    except IntegrityError:  # created meanwhile by another writer
        stamps.filter(pk=STAMP).update(changed_at=moment)


def last_change() -> datetime | None:
    """When records last changed; ``None`` when it is not known (treat as just now)."""
    return RecordsChanged.objects.filter(pk=STAMP).values_list("changed_at", flat=True).first()


class _TouchAfterCommit:
    """The on-commit callback of one database: stamp that database."""

    def __init__(self, using: str) -> None:
        self.using = using

    def __call__(self) -> None:
        touch(using=self.using)


def changed(using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """Signal receiver: stamp once, after the transaction on ``using`` commits."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        isinstance(func, _TouchAfterCommit) for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_TouchAfterCommit(using), using=using)


def erased(person_id: int) -> int:
    """Erasure cleaner: drop the erased person's stored worklist rows; stamp the change."""
    from linewatch.web.risk.models import RiskEntry

    deleted, _ = RiskEntry.objects.filter(subject_key=f"person:{person_id}").delete()
    transaction.on_commit(_TouchAfterCommit(DEFAULT_DB_ALIAS))
    return int(deleted)


def connect() -> None:
    """Connect the receivers (``RiskConfig.ready``)."""
    from django.apps import apps

    for label, name in SAVED:
        post_save.connect(
            changed, sender=apps.get_model(label, name), dispatch_uid=f"risk-stamp-{name}"
        )
    for label, name in DELETED:
        post_delete.connect(
            changed, sender=apps.get_model(label, name), dispatch_uid=f"risk-stamp-del-{name}"
        )
    from linewatch.web.retention.erasure import register_cleaner

    register_cleaner("stored worklist rows", erased)
