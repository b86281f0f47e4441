"""The audit trail required by DPA 2018 s62: append-only, hash-chained."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

ACTIONS = [
    ("collection", "Collection"),
    ("alteration", "Alteration"),
    ("consultation", "Consultation"),
    ("disclosure", "Disclosure"),
    ("combination", "Combination"),
    ("erasure", "Erasure"),
]


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit trail is append-only: audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only: audit events cannot be deleted")


class AuditEvent(models.Model):
    """One collection, alteration, consultation, disclosure, combination or erasure."""

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    username = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=30, blank=True)
    action = models.CharField(max_length=12, choices=ACTIONS, db_index=True)
    object_type = models.CharField(max_length=40, db_index=True)
    object_ids = models.JSONField(default=list, help_text="Ids of the records concerned.")
    summary = models.CharField(max_length=300)
    justification = models.CharField(max_length=500, blank=True)
    recipients = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only: audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only: audit events cannot be deleted")

    def chained_content(self) -> str:
        """The canonical text the entry hash covers."""
        return json.dumps(
            {
                "at": self.at.isoformat(),
                "user": self.user_id,
                "username": self.username,
                "agency": self.agency_code,
                "role": self.role,
                "action": self.action,
                "object_type": self.object_type,
                "object_ids": [str(i) for i in self.object_ids],
                "summary": self.summary,
                "justification": self.justification,
                "recipients": self.recipients,
                "path": self.path,
                "remote_addr": self.remote_addr,
                "previous": self.previous_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.chained_content().encode()).hexdigest()


class AuditChainHead(models.Model):
    """A single row holding the latest entry hash; locked while appending so the chain is linear."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)
