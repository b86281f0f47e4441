"""Feed imports: one row per file imported, and the rows it rejected (kept for correction)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

IMPORT_STATUSES = [
    ("running", "Running"),
    ("completed", "Completed"),
    ("failed", "Failed"),
]


class FeedImport(models.Model):
    """One file imported from one agency's feed."""

    kind = models.CharField(max_length=40, db_index=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, db_index=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=IMPORT_STATUSES, default="running")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    already_present = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"


class RejectedRow(models.Model):
    """A row that failed validation, kept whole with its reasons so it can be corrected."""

    feed_import = models.ForeignKey(FeedImport, on_delete=models.CASCADE, related_name="rejects")
    row_number = models.PositiveIntegerField()
    raw = models.JSONField(help_text="The row as it was in the file, column by column.")
    errors = models.JSONField(help_text="[{field, value, message}, …]")
    resubmitted = models.BooleanField(default=False)

    class Meta:
        ordering = ["feed_import", "row_number"]


UPLOAD_STATUSES = [
    ("queued", "Waiting to start"),
    ("running", "Importing"),
    ("done", "Finished"),
    ("failed", "Could not be imported"),
]


class UploadJob(models.Model):
    """A feed file sent through the upload page, and how its import went.

    The import itself is one :class:`FeedImport` (made inside the import's transaction, so it
    only exists once the import is committed); this row exists from the moment the file is
    received, so the page can show the file waiting, running and finished.
    """

    kind = models.CharField(max_length=40)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField(default=0)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=UPLOAD_STATUSES, default="queued")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True, help_text="The loader's summary.")
    feed_import = models.ForeignKey(
        FeedImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {"done", "failed"}
