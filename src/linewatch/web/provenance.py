"""The abstract base every partnership record inherits: who owns it and where it came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

HANDLING_CODE_CHOICES = [
    ("P", "P – lawful sharing permitted"),
    ("C", "C – sharing with conditions"),
]
SENSITIVITY_CHOICES = [
    ("standard", "Standard"),
    ("sensitive", "Sensitive (safeguarding detail)"),
    ("restricted", "Restricted (source protection)"),
]


class ProvenancedRecord(models.Model):
    """Owning agency, handling marking and provenance (feed, file, row or API client)."""

    owning_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that holds this record and decides its sharing.",
    )
    handling_code = models.CharField(max_length=1, choices=HANDLING_CODE_CHOICES, default="P")
    sensitivity = models.CharField(max_length=12, choices=SENSITIVITY_CHOICES, default="standard")
    area_code = models.CharField(
        max_length=9,
        blank=True,
        default="",
        help_text="ONS GSS code of the local authority the record is about, when known.",
    )
    source_feed = models.CharField(
        max_length=40, blank=True, default="", help_text="Feed kind, 'web', 'api' or 'demo'."
    )
    source_file = models.CharField(max_length=255, blank=True, default="")
    source_checksum = models.CharField(max_length=64, blank=True, default="")
    source_row = models.PositiveIntegerField(null=True, blank=True)
    source_key = models.CharField(
        max_length=128,
        blank=True,
        default="",
        help_text="Idempotency key within (agency, feed): the same key is never imported twice.",
    )
    api_client = models.CharField(max_length=100, blank=True, default="")
    feed_import = models.ForeignKey(
        "intake.FeedImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    received_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True

    @property
    def provenance(self) -> str:
        """One line saying where the record came from, for detail pages."""
        if self.source_file:
            where = f"{self.source_file}"
            if self.source_row:
                where += f", row {self.source_row}"
            return f"{self.source_feed} feed: {where}"
        if self.api_client:
            return f"API client {self.api_client}"
        return self.source_feed or "entered in Linewatch"
