"""The search index: three-letter pieces of people's names and of addresses, kept in step
with the records, so that search reads a few index entries instead of every name.

Each row belongs to its record (``CASCADE``): erasing a person or deleting a place takes
its pieces with it.
"""

from __future__ import annotations

from django.db import models

from linewatch.web.pole.models import Location, Person


class NameGram(models.Model):
    """A piece of a person record's names and aliases (``Person.search_name``)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    gram = models.CharField(max_length=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "gram"], name="namegram_unique_person_gram")
        ]
        indexes = [models.Index(fields=["gram", "person"], name="namegram_gram_person_idx")]


class AddressGram(models.Model):
    """A piece of a place's address (``Location.address``)."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    gram = models.CharField(max_length=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location", "gram"], name="addressgram_unique_location_gram"
            )
        ]
        indexes = [models.Index(fields=["gram", "location"], name="addressgram_gram_loc_idx")]
