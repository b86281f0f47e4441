"""Diversion campaigns: the treatment services directory, who must never be messaged, the
campaigns and every message sent (or that would have been)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

CAMPAIGN_STATUSES = [
    ("draft", "Draft"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("refused", "Refused"),
]
MESSAGE_STATES = [
    ("queued", "Queued"),
    ("sending", "Sending"),  # committed before Notify is called; reconciled by reference
    ("sent", "Sent"),
    ("deferred", "To retry"),
    ("failed", "Refused by Notify"),
]


class TreatmentService(models.Model):
    """A drug-treatment or support service, imported in Open Referral UK format."""

    oruk_id = models.CharField(max_length=100, unique=True, help_text="The ORUK service id.")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    area_codes = models.JSONField(
        default=list, blank=True, help_text="GSS codes of the local authorities it serves."
    )
    source_file = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerNumber(models.Model):
    """A police or partner agency's own number: never sent a diversion message."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    e164 = models.CharField(max_length=16, db_index=True)
    label = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["agency", "e164"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "e164"], name="partner_number_unique")
        ]


class OptOut(models.Model):
    """A number that replied STOP (or asked not to be messaged): left out of every campaign."""

    e164 = models.CharField(max_length=16, unique=True)
    recorded_at = models.DateTimeField()
    source = models.CharField(max_length=20, default="stop_reply")
    reply = models.CharField(max_length=160, blank=True)
    campaign = models.ForeignKey(
        "Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class DoNotContact(models.Model):
    """A number the partnership decided never to message (e.g. a victim, a witness)."""

    e164 = models.CharField(max_length=16, unique=True)
    reason = models.CharField(max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class SimulatedFeedFile(models.Model):
    """A feed file that came from ``linewatch simulate``, by checksum. Numbers in a simulated
    scenario look like real mobiles, so a campaign built from one is never sent to Notify."""

    checksum = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=300, blank=True)
    scenario = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)


class Campaign(models.Model):
    """A diversion campaign built from a seized handset's contact list."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    owning_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source_import = models.ForeignKey(
        "intake.FeedImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handset_ref = models.CharField(max_length=128, blank=True)
    area_code = models.CharField(max_length=9, blank=True)
    service = models.ForeignKey(
        TreatmentService, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template_id = models.CharField(max_length=64)
    template_text = models.TextField()
    status = models.CharField(max_length=10, choices=CAMPAIGN_STATUSES, default="draft")
    preparation = models.JSONField(default=dict, blank=True, help_text="Counts per reason.")
    simulated = models.BooleanField(default=False)
    simulated_reason = models.CharField(max_length=300, blank=True)
    backend = models.CharField(max_length=20, blank=True, help_text="log-only or notify.")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignContact(models.Model):
    """A number the campaign will message (the prepared, eligible list), kept with the columns
    it came with."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contacts")
    e164 = models.CharField(max_length=16)
    columns = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "e164"], name="campaign_contact_unique")
        ]


class Message(models.Model):
    """One message of a campaign: the intent is stored (and committed) before Notify is
    called, so a number is never messaged twice by the same campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="messages")
    e164 = models.CharField(max_length=16)
    reference = models.CharField(max_length=64, unique=True)
    personalisation = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=MESSAGE_STATES, default="queued")
    attempts = models.PositiveSmallIntegerField(default=0)
    notification_id = models.CharField(max_length=64, blank=True)
    notify_status = models.CharField(max_length=30, blank=True)
    body = models.TextField(blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    backend = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "e164"], name="message_once_per_number")
        ]

    @property
    def national(self) -> str:
        if self.e164.startswith("+44") and len(self.e164) == 13:
            digits = "0" + self.e164[3:]
            return f"{digits[:5]} {digits[5:]}"
        return self.e164
