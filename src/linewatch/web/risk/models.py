"""Risk scores as computed for one kind of viewer, decisions on worklist rows, and alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

LISTS = [
    ("cuckooing", "Addresses at risk of cuckooing"),
    ("victims", "People at risk"),
    ("enablers", "Enablers (harm to others)"),
    ("places", "Priority places"),
]
SUBJECT_TYPES = [("location", "Address"), ("person", "Person"), ("cell", "Place (grid cell)")]
DECISIONS = [
    ("action_agreed", "Action agreed (the recommended next step)"),
    ("visit_arranged", "Visit arranged"),
    ("referral_made", "Referral made"),
    ("monitor", "Keep watching"),
    ("no_further_action", "No further action"),
]
ALERT_KINDS = [
    ("cuckooing_threshold", "Address crossed the cuckooing threshold"),
    ("missing_from_other_force", "Child missing from another force found locally"),
    ("phone_linked_to_line", "New phone linked to a known line"),
    ("disrupted_line_activity", "Disrupted line shows new activity"),
    ("re_emergence", "Formerly cuckooed address or past victim touched by a new line"),
]
ALERT_KIND_LABELS = dict(ALERT_KINDS)


class RiskRun(models.Model):
    """One scoring of all three lists from what one agency's role may see."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=30)
    computed_at = models.DateTimeField(auto_now_add=True)
    as_of = models.DateField()
    seconds = models.FloatField(default=0)
    weights_source = models.CharField(max_length=300, blank=True)
    feeds_by_area = models.JSONField(default=dict)
    records_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="The records-changed stamp when the inputs were read."
    )

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["agency", "role", "-computed_at"])]

    def __str__(self) -> str:
        return f"risk run {self.pk} for {self.agency_id}/{self.role} as of {self.as_of}"


class RecordsChanged(models.Model):
    """When the records the lists are scored on last changed (one row; ``web/risk/freshness``)."""

    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"records changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"


class RiskEntry(models.Model):
    """One ranked, explained row of a list (kept for every area it ranks highly in)."""

    run = models.ForeignKey(RiskRun, on_delete=models.CASCADE, related_name="entries")
    list_name = models.CharField(max_length=12, choices=LISTS)
    subject_type = models.CharField(max_length=10, choices=SUBJECT_TYPES)
    subject_pk = models.BigIntegerField(null=True, blank=True)
    subject_key = models.CharField(max_length=40)
    label = models.CharField(max_length=300)
    area_code = models.CharField(max_length=9, blank=True, db_index=True)
    npa = models.CharField(max_length=80, blank=True)
    score = models.FloatField()
    confidence = models.FloatField(default=1.0)
    factors = models.JSONField(default=list)
    missing_feeds = models.JSONField(default=list)
    next_step = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["run", "list_name", "area_code"])]

    def __str__(self) -> str:
        return f"{self.list_name} {self.subject_key} {self.score:.0f}"

    @property
    def explanation(self) -> str:
        # Factors carrying at least 0.5 points or a tenth of the score (as RiskScore does).
        parts = [
            f"{f['label']} ({f['points']:.0f})"
            if f["points"] >= 0.5
            else f"{f['label']} ({f['points']:.1f})"
            for f in self.factors
            if f["points"] > 0 and (f["points"] >= 0.5 or f["points"] >= 0.1 * self.score)
        ]
        return "; ".join(parts) if parts else "no signals"


class RiskDecision(models.Model):
    """What the partnership decided to do about a worklist row, by whom and why."""

    list_name = models.CharField(max_length=12, choices=LISTS)
    subject_key = models.CharField(max_length=40, db_index=True)
    decision = models.CharField(max_length=20, choices=DECISIONS)
    note = models.TextField(blank=True, max_length=2000)
    score_at_decision = models.FloatField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} on {self.subject_key}"


class Alert(models.Model):
    """An early warning for an area's queue; raised once per situation (``dedupe_key``)."""

    kind = models.CharField(max_length=30, choices=ALERT_KINDS, db_index=True)
    dedupe_key = models.CharField(max_length=120, unique=True)
    area_code = models.CharField(max_length=9, blank=True, db_index=True)
    subject_key = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    records = models.JSONField(default=list, help_text="The records behind the alert.")
    raised_at = models.DateTimeField(auto_now_add=True)
    occurred_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.CharField(max_length=300, blank=True)
    emailed_to = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["acknowledged_at", "-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.summary}"

    @property
    def kind_label(self) -> str:
        return ALERT_KIND_LABELS.get(self.kind, self.kind)


class RiskRunClaim(models.Model):
    """Someone is computing an agency's role's run now (``web/risk/rescoring.py``): one row
    per agency and role, so only one thread or process does."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=30)
    claimed_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=200, help_text="host:process:thread:nonce")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "role"], name="risk_run_claim_unique")
        ]

    def __str__(self) -> str:
        return f"rescoring {self.agency_id}/{self.role} since {self.claimed_at:%H:%M:%S}"
