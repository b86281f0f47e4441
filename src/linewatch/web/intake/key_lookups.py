"""The look-ups a chunk makes before it writes: which rows, places, people, phones and
vehicles the database already holds, by their natural keys, in batches the SQL parameter
limits allow. Nothing here writes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from linewatch.web.accounts.models import Agency
from linewatch.web.events.models import Event
from linewatch.web.pole.models import Location, Person, Phone, Vehicle

PLACE_FIELDS = (
    "id",
    "address_key",
    "postcode",
    "area_code",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "lsoa_code",
)
# The tables a chunk looks keys up in, whose statistics must follow their growth, and the
# columns of those look-ups (the only ones analysed while loading).
LOOKED_UP: dict[type[Any], tuple[str, ...]] = {
    Event: ("owning_agency_id", "source_feed", "source_key"),
    Location: ("address_key", "postcode"),
    Person: ("owning_agency_id", "person_ref", "source_feed", "source_key"),
    Phone: ("e164",),
    Vehicle: ("vrm",),
}
_BATCH = 900
_PLACE_BATCH = 400


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """What an event needs to know of its place."""

    id: int
    area_code: str
    easting: int | None
    northing: int | None
    latitude: float | None
    longitude: float | None
    lsoa_code: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> PlaceRow:
        """From a row with (at least) the :data:`PLACE_FIELDS`."""
        return cls(
            row["id"],
            row["area_code"],
            row["easting"],
            row["northing"],
            row["latitude"],
            row["longitude"],
            row["lsoa_code"],
        )


def event_key_lookup(agency_id: int, feed: str, keys: list[str]) -> QuerySet[Event, str]:
    """The source keys among ``keys`` that the agency's ``feed`` already has."""
    return (
        Event.objects.filter(owning_agency_id=agency_id, source_feed=feed, source_key__in=keys)
        # The unique index is partial (keys that are not blank): without saying so again
        # here, SQLite scans every event of the agency instead of using it.
        .exclude(source_key="")
        .order_by()
        .values_list("source_key", flat=True)
    )


def feed_has_events(agency: Agency, feed: str) -> bool:
    """Whether the agency ever sent an event in ``feed``."""
    return Event.objects.filter(owning_agency=agency, source_feed=feed).exists()


def existing_event_keys(agency_id: int, feed: str, keys: list[str]) -> set[str]:
    """The keys (cut to the column's 128 characters) the agency's ``feed`` already has."""
    found: set[str] = set()
    trimmed = [k[:128] for k in keys]
    for start in range(0, len(trimmed), _BATCH):
        found.update(event_key_lookup(agency_id, feed, trimmed[start : start + _BATCH]))
    return found


def known_places(keys: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    """The :data:`PLACE_FIELDS` of places whose (address key, postcode) may be in ``keys``.

    The filter is on each column's set of values, so a row may pair an address key of one
    wanted place with the postcode of another: the caller matches on both.
    """
    for start in range(0, len(keys), _PLACE_BATCH):
        batch = keys[start : start + _PLACE_BATCH]
        yield from Location.objects.filter(
            address_key__in={k[0] for k in batch}, postcode__in={k[1] for k in batch}
        ).values(*PLACE_FIELDS)


def people_by_ref(agency: Agency, refs: list[str]) -> Iterator[tuple[str, int]]:
    """(person_ref, id) of the agency's people with one of ``refs``."""
    for start in range(0, len(refs), _BATCH):
        yield from (
            Person.objects.filter(owning_agency=agency, person_ref__in=refs[start : start + _BATCH])
            .exclude(person_ref="")  # to use the partial unique index
            .order_by()
            .values_list("person_ref", "id")
        )


def person_record_keys(agency: Agency, keys: list[str]) -> set[str]:
    """The source keys among ``keys`` of person records the agency's persons feed already has."""
    if not keys:
        return set()
    return set(
        Person.objects.filter(
            owning_agency=agency, source_feed="persons", source_key__in=keys
        ).values_list("source_key", flat=True)
    )


def ids_by_value(
    model: type[Phone | Vehicle], name: str, values: Iterable[str]
) -> Iterator[tuple[str, int]]:
    """(value, id) of the phones (``e164``) or vehicles (``vrm``) already recorded."""
    wanted = list(values)
    for start in range(0, len(wanted), _BATCH):
        yield from model.objects.filter(
            **{f"{name}__in": wanted[start : start + _BATCH]}
        ).values_list(name, "id")
