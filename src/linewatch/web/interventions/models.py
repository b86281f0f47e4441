"""Disruption and safeguarding actions against a line, a person or an address."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person
from linewatch.web.provenance import ProvenancedRecord

INTERVENTION_KINDS = [
    ("arrest", "Arrest"),
    ("charge", "Charge"),
    ("bail_conditions", "Bail with conditions"),
    ("closure_notice", "Closure notice"),
    ("closure_order", "Closure order"),
    ("safeguarding_child", "Safeguarding referral (child)"),
    ("safeguarding_adult", "Safeguarding referral (adult)"),
    ("nrm_referral", "NRM referral"),
    ("duty_to_notify", "Duty to notify (MS1)"),
    ("community_protection_notice", "Community protection notice"),
    ("criminal_behaviour_order", "Criminal behaviour order"),
    ("stpo", "Slavery and trafficking prevention order"),
    ("treatment_referral", "Treatment referral"),
    ("diversion_message", "Diversion message"),
    ("warrant", "Warrant"),
    ("handset_seizure", "Handset seizure"),
]
INTERVENTION_KIND_LABELS = dict(INTERVENTION_KINDS)


class Intervention(ProvenancedRecord):
    """An action taken, with its dates, agencies, outcome and follow-up."""

    kind = models.CharField(max_length=30, choices=INTERVENTION_KINDS, db_index=True)
    line = models.ForeignKey(
        CountyLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="interventions"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="interventions"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="interventions"
    )
    partner_agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    started_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    served_at = models.DateTimeField(
        null=True, blank=True, help_text="When a closure notice was served."
    )
    hearing_at = models.DateTimeField(
        null=True, blank=True, help_text="When the magistrates heard the closure order application."
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
        help_text="An order's closure notice; an extension's order.",
    )
    closes_line = models.CharField(
        max_length=1,
        blank=True,
        choices=[("1", "Type 1 – line holder charged"), ("2", "Type 2 – number deactivated")],
        help_text="This intervention closed the line (closure type).",
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("started_on")),
                name="intervention_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} on {self.started_on:%d %b %Y}"

    @property
    def kind_label(self) -> str:
        return INTERVENTION_KIND_LABELS.get(self.kind, self.kind)

    @property
    def upcoming_deadlines(self) -> list[Deadline]:
        """Deadlines not yet passed (from a day ago), soonest first."""
        since = timezone.now() - dt.timedelta(days=1)
        return [d for d in self.deadlines.all() if d.due_at >= since]


class Deadline(models.Model):
    """A statutory or follow-up deadline of an intervention, with its reminder times."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="deadlines"
    )
    key = models.CharField(max_length=30)
    label = models.CharField(max_length=120)
    due_at = models.DateTimeField(db_index=True)
    statute = models.CharField(max_length=60, blank=True)
    reminders = models.JSONField(default=list, blank=True, help_text="ISO date-times.")

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "key"], name="deadline_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.label} by {self.due_at:%d %b %Y %H:%M}"

    @property
    def reminder_times(self) -> list[dt.datetime]:
        return [dt.datetime.fromisoformat(r) for r in self.reminders]

    @property
    def is_past(self) -> bool:
        return self.due_at < timezone.now()


SHARE_SUBJECTS = [("person", "Person"), ("line", "County line")]


class SharePackage(models.Model):
    """A package disclosed to another force: what, to whom, why, and on what lawful basis."""

    subject_type = models.CharField(max_length=10, choices=SHARE_SUBJECTS)
    subject_id = models.PositiveIntegerField()
    purpose = models.CharField(max_length=500)
    lawful_basis = models.CharField(max_length=500)
    recipients = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exporting_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(default=dict)
    checksum = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Share package {self.pk} ({self.subject_type} {self.subject_id})"
