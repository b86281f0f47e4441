"""Disruption and safeguarding actions against a line, a person or an address."""

from __future__ import annotations

from django.db import models

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
