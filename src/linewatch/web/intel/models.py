"""Intelligence reports graded 3x5x2 (College of Policing APP, Intelligence management)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from linewatch.core.grading import GradingError, validate_grading
from linewatch.core.indicators import indicator_label
from linewatch.web.events.models import Event

SOURCE_EVALUATIONS = [("1", "1 – Reliable"), ("2", "2 – Untested"), ("3", "3 – Not reliable")]
INTELLIGENCE_ASSESSMENTS = [
    ("A", "A – Known directly to the source"),
    ("B", "B – Known indirectly to the source but corroborated"),
    ("C", "C – Known indirectly to the source"),
    ("D", "D – Not known to the source"),
    ("E", "E – Suspected to be false"),
]
STATUSES = [
    ("awaiting_grading", "Awaiting grading"),
    ("graded", "Graded"),
    ("linked", "Graded and linked"),
]


class IntelligenceReport(models.Model):
    """The intelligence part of an ``intelligence`` or ``community_report`` event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="report")
    text = models.TextField()
    source_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency the intelligence came from.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_reports",
    )
    source_evaluation = models.CharField(max_length=1, choices=SOURCE_EVALUATIONS, blank=True)
    intelligence_assessment = models.CharField(
        max_length=1, choices=INTELLIGENCE_ASSESSMENTS, blank=True
    )
    handling_conditions = models.TextField(blank=True)
    indicators = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="awaiting_grading")
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graded_reports",
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-event__received_at"]

    def __str__(self) -> str:
        return f"Intelligence {self.event.ref} {self.grade}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            validate_grading(
                self.source_evaluation or None,
                self.intelligence_assessment or None,
                self.event.handling_code if self.source_evaluation else None,
                self.handling_conditions,
            )
        except GradingError as error:
            raise ValidationError(error.by_field()) from None

    @property
    def grade(self) -> str:
        """The 3x5x2 grade string, e.g. ``1AP``; empty while awaiting grading."""
        if not (self.source_evaluation and self.intelligence_assessment):
            return ""
        return f"{self.source_evaluation}{self.intelligence_assessment}{self.event.handling_code}"

    @property
    def indicator_labels(self) -> list[str]:
        """The signs noted, in the analysts' words (a code no longer in the list as itself)."""
        return [indicator_label(code) for code in self.indicators]
