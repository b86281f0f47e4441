"""Events: everything that happened somewhere, as one agency saw it.

One table for every kind (the kinds share where, when and who; kind-specific values have
their own nullable columns, anything else goes to ``details``). One table keeps bulk loading
fast and lets trends count any kind the same way.
"""

from __future__ import annotations

from django.db import models

from linewatch.web.pole.models import Location, Person, Phone, Vehicle
from linewatch.web.provenance import ProvenancedRecord

EVENT_KINDS = [
    ("intelligence", "Intelligence report"),
    ("asb", "ASB report"),
    ("needle_find", "Needle find"),
    ("drug_seizure", "Drug seizure"),
    ("stop_search", "Stop and search"),
    ("arrest", "Arrest"),
    ("missing_episode", "Missing episode"),
    ("treatment_referral", "Treatment referral"),
    ("community_report", "Community report"),
    ("street_crime", "police.uk street-level crime"),
    ("handset_contact", "Seized-handset contact"),
]
EVENT_KIND_LABELS = dict(EVENT_KINDS)
TIME_PRECISIONS = [("exact", "Date and time"), ("day", "Day"), ("month", "Month only")]


class Event(ProvenancedRecord):
    """Something that happened, with where, when and (through links) who and what."""

    kind = models.CharField(max_length=20, choices=EVENT_KINDS)
    ref = models.CharField(max_length=128, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True, db_index=True)
    time_precision = models.CharField(max_length=5, choices=TIME_PRECISIONS, default="exact")
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    location_text = models.CharField(max_length=300, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    category = models.CharField(
        max_length=60,
        blank=True,
        help_text="Crime type, ASB category, offence, concern or referral source.",
    )
    outcome = models.CharField(max_length=120, blank=True)
    drug_type = models.CharField(max_length=20, blank=True)
    quantity = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(max_length=10, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    home_force = models.CharField(max_length=80, blank=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When a missing person was found, or a last contact."
    )
    description = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    persons = models.ManyToManyField(Person, through="EventPerson", related_name="events")
    phones = models.ManyToManyField(Phone, through="EventPhone", related_name="events")
    vehicles = models.ManyToManyField(Vehicle, through="EventVehicle", related_name="events")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "occurred_at"]),
            models.Index(fields=["area_code", "kind", "occurred_at"]),
            # The intelligence list and grading queue read one kind at a time in this order.
            models.Index(fields=["kind", "received_at", "id"], name="event_kind_received_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_agency", "source_feed", "source_key"],
                condition=~models.Q(source_key=""),
                name="event_unique_source_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.ref}".strip()

    @property
    def kind_label(self) -> str:
        return EVENT_KIND_LABELS.get(self.kind, self.kind)


class EventPerson(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="event_links")
    role = models.CharField(max_length=30, blank=True, help_text="subject, reporter, found, …")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "role"], name="event_person_unique")
        ]


class EventPhone(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="phone_links")
    phone = models.ForeignKey(Phone, on_delete=models.CASCADE, related_name="event_links")
    role = models.CharField(max_length=30, blank=True, help_text="mentioned, seized, contact, …")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "phone", "role"], name="event_phone_unique")
        ]


class EventVehicle(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="vehicle_links")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="event_links")
    role = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "vehicle", "role"], name="event_vehicle_unique"
            )
        ]
