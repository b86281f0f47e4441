"""POLE entities as each agency recorded them: people, locations and objects (phones, vehicles).

A Person row is one agency's view of a person; linkage (the linking issue) joins views into
resolved entities without changing them.
"""

from __future__ import annotations

from django.db import models

from linewatch.web.provenance import ProvenancedRecord

VULNERABILITY_FLAGS = [
    ("child", "Child"),
    ("care_experienced", "Care-experienced"),
    ("adult_at_risk", "Adult at risk"),
    ("substance_use", "Substance use"),
    ("learning_disability", "Learning disability"),
    ("mental_health", "Mental ill-health"),
    ("older_isolated", "Older and isolated"),
    ("missing_history", "History of going missing"),
    ("physical_disability", "Physical disability or illness"),
    ("domestic_abuse_victim", "Domestic abuse victim"),
]
GENDER_CHOICES = [
    ("male", "Male"),
    ("female", "Female"),
    ("other", "Other"),
    ("unknown", "Unknown"),
]


class Location(ProvenancedRecord):
    """An address or place, with its geography."""

    address = models.CharField(max_length=300, blank=True)
    address_key = models.CharField(
        max_length=300,
        blank=True,
        db_index=True,
        help_text="Normalised address text used to find the same place again.",
    )
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    uprn = models.CharField(max_length=12, blank=True, db_index=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True, db_index=True)
    ward_code = models.CharField(max_length=9, blank=True)
    neighbourhood_policing_area = models.CharField(max_length=80, blank=True, db_index=True)

    class Meta:
        ordering = ["postcode", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["address_key", "postcode"], name="location_unique_address_postcode"
            )
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address, self.postcode) if part) or "Unknown place"


class Phone(ProvenancedRecord):
    """A phone number, normalised to E.164."""

    e164 = models.CharField(max_length=16, unique=True)

    class Meta:
        ordering = ["e164"]

    def __str__(self) -> str:
        return self.e164

    @property
    def national(self) -> str:
        if self.e164.startswith("+44") and len(self.e164) == 13:
            digits = "0" + self.e164[3:]
            return f"{digits[:5]} {digits[5:]}"
        return self.e164


class Vehicle(ProvenancedRecord):
    """A vehicle, by registration mark (VRM, upper case without spaces)."""

    vrm = models.CharField(max_length=10, unique=True)
    description = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["vrm"]

    def __str__(self) -> str:
        return self.vrm


class Person(ProvenancedRecord):
    """One agency's record of a person."""

    person_ref = models.CharField(max_length=64, blank=True, db_index=True)
    first_name = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True, db_index=True)
    dob_year = models.PositiveSmallIntegerField(null=True, blank=True)
    dob_month = models.PositiveSmallIntegerField(null=True, blank=True)
    dob_day = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=8, choices=GENDER_CHOICES, blank=True)
    flags = models.JSONField(default=list, blank=True, help_text="Vulnerability flags.")
    home = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="residents"
    )
    search_name = models.CharField(
        max_length=210,
        blank=True,
        db_index=True,
        help_text="Lower-case 'first surname' and aliases, for search.",
    )

    class Meta:
        ordering = ["surname", "first_name"]
        # The people list pages in this order without sorting every record.
        indexes = [models.Index(fields=["surname", "first_name"], name="person_name_order_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_agency", "person_ref"],
                condition=~models.Q(person_ref=""),
                name="person_unique_agency_ref",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.surname.upper()) if part)
        return name or "Unnamed person"

    @property
    def dob_display(self) -> str:
        if not self.dob_year:
            return "Not known"
        parts = [f"{self.dob_year:04d}"]
        if self.dob_month:
            parts.append(f"{self.dob_month:02d}")
            if self.dob_day:
                parts.append(f"{self.dob_day:02d}")
        return "-".join(parts)

    @property
    def flag_labels(self) -> list[str]:
        labels = dict(VULNERABILITY_FLAGS)
        return [labels.get(flag, flag) for flag in self.flags]

    @property
    def is_child_record(self) -> bool:
        return "child" in (self.flags or [])


class PersonAlias(models.Model):
    """Another name or nickname an agency recorded for a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonPhone(models.Model):
    """A person uses a phone (as one agency recorded it)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phone_links")
    phone = models.ForeignKey(Phone, on_delete=models.CASCADE, related_name="person_links")
    first_seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "phone"], name="person_phone_unique")
        ]
