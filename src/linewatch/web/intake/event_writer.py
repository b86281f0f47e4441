"""Writing a chunk of drafts: places, people, phones and vehicles found or created, then the
events and their links, all in bulk with pre-allocated ids.

What is already there is looked up in :mod:`linewatch.web.intake.key_lookups`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from linewatch.web.accounts.models import Agency
from linewatch.web.events.models import Event, EventPerson, EventPhone, EventVehicle
from linewatch.web.intake.bulk_writer import BulkWriter
from linewatch.web.intake.drafts import Draft, PersonDraft, PlaceDraft
from linewatch.web.intake.event_rows import EVENT_COLUMNS, EVENT_FIELDS, event_points, event_values
from linewatch.web.intake.geocoding import place_postcodes_and_points
from linewatch.web.intake.key_lookups import (
    LOOKED_UP,
    PlaceRow,
    event_key_lookup,
    existing_event_keys,
    feed_has_events,
    ids_by_value,
    known_places,
    people_by_ref,
    person_record_keys,
)
from linewatch.web.intake.models import FeedImport
from linewatch.web.intel.models import IntelligenceReport
from linewatch.web.pole.models import Location, Person, PersonAlias, PersonPhone, Phone, Vehicle


def _writers() -> dict[type[Any], BulkWriter]:
    models = (
        Event,
        EventPerson,
        EventPhone,
        EventVehicle,
        IntelligenceReport,
        Location,
        Person,
        PersonAlias,
        PersonPhone,
        Phone,
        Vehicle,
    )
    return {model: BulkWriter(model) for model in models}


class ChunkWriter:
    """Writes drafts from one file of one agency's feed."""

    def __init__(
        self,
        kind: str,
        agency: Agency,
        feed_import: FeedImport,
        filename: str,
        checksum: str,
        user: Any,
    ) -> None:
        self.kind, self.agency, self.feed_import = kind, agency, feed_import
        self.filename, self.checksum = filename, checksum
        self.user_id = user.pk if getattr(user, "is_authenticated", False) else None
        self.now = timezone.now()
        self.writers = _writers()
        self.places: dict[tuple[str, str], PlaceRow] = {}
        self.phones: dict[str, int] = {}
        self.vehicles: dict[str, int] = {}
        self.people_by_ref: dict[str, int] = {}
        # People named in a row without an agency reference are new records each time; the
        # draft's identity carries the created record to the link step of the same chunk.
        self._new_people: dict[int, int] = {}
        self._had_events: bool | None = None
        self._event_constants = {
            k: v
            for k, v in self.provenance(None, "").items()
            if k not in EVENT_COLUMNS and k not in EVENT_FIELDS
        }

    def provenance(self, row_number: int | None, key: str, area_code: str = "") -> dict[str, Any]:
        return {
            "owning_agency_id": self.agency.id,
            "source_feed": self.kind,
            "source_file": self.filename[:255],
            "source_checksum": self.checksum,
            "source_row": row_number,
            "source_key": key[:128],
            "feed_import_id": self.feed_import.id,
            "received_at": self.now,
            "created_at": self.now,
            "modified_at": self.now,
            "created_by_id": self.user_id,
            "modified_by_id": self.user_id,
            "area_code": area_code,
        }

    # -- the chunk ------------------------------------------------------------------------

    def write(self, drafts: list[Draft]) -> tuple[int, int]:
        """Write the drafts not already present; return (accepted, already present)."""
        if self.kind == "persons":
            counts = self._write_person_records(drafts)
        else:
            counts = self._write_events(drafts)
        for model, columns in LOOKED_UP.items():
            self.writers[model].refresh_statistics(columns)
        return counts

    def _write_events(self, drafts: list[Draft]) -> tuple[int, int]:
        existing = (
            existing_event_keys(self.agency.id, self.kind, [d.source_key for d in drafts])
            if self._feed_has_events()
            else set()
        )
        new = [d for d in drafts if d.source_key[:128] not in existing]
        self._resolve_places([d.place for d in new if d.place is not None])
        self._resolve_people([p for d in new for p, _ in d.persons])
        self._resolve_phones([phone for d in new for phone, _ in d.phones])
        self._resolve_vehicles([vrm for d in new for vrm, _ in d.vehicles])
        ids = self.writers[Event].allocate_ids(len(new))
        places, now = self.places, self.now
        points = event_points(new)
        self.writers[Event].write_rows(
            (*EVENT_COLUMNS, *EVENT_FIELDS),
            [
                event_values(event_id, d, placed, places, now)
                for event_id, d, placed in zip(ids, new, points, strict=True)
            ],
            self._event_constants,
        )
        self._write_links(list(zip(ids, new, strict=True)))
        return len(new), len(drafts) - len(new)

    def _feed_has_events(self) -> bool:
        # Once per file: a feed this agency never sent before cannot hold any of its rows.
        if self._had_events is None:
            self._had_events = feed_has_events(self.agency, self.kind)
        return self._had_events

    # -- places, people, objects ----------------------------------------------------------

    def _resolve_places(self, places: Iterable[PlaceDraft]) -> None:
        wanted = {p.key: p for p in places if p.key not in self.places}
        if not wanted:
            return
        keys = list(wanted)
        for row in known_places(keys):
            self._remember_place(row)
        missing = [wanted[k] for k in keys if k not in self.places]
        if not missing:
            return
        geo = place_postcodes_and_points(
            [p.postcode for p in missing],
            [p.easting for p in missing],
            [p.northing for p in missing],
        )
        ids = self.writers[Location].allocate_ids(len(missing))
        rows = []
        for location_id, place, g in zip(ids, missing, geo, strict=True):
            row = self.provenance(None, "", g.la_code)
            row.update(
                id=location_id,
                address=place.address[:300],
                address_key=place.key[0],
                postcode=place.postcode,
                easting=g.easting,
                northing=g.northing,
                latitude=g.latitude,
                longitude=g.longitude,
                lsoa_code=g.lsoa_code,
                ward_code=g.ward_code,
                neighbourhood_policing_area=g.npa,
            )
            rows.append(row)
            self._remember_place(row)
        self.writers[Location].write(rows)

    def _remember_place(self, row: dict[str, Any]) -> None:
        self.places[(row["address_key"], row["postcode"])] = PlaceRow.of(row)

    def _resolve_people(self, people: list[PersonDraft]) -> None:
        self._lookup_refs({p.person_ref for p in people if p.person_ref})
        new: list[PersonDraft] = []
        new_refs: set[str] = set()
        for draft in people:
            if draft.person_ref and (
                draft.person_ref in self.people_by_ref or draft.person_ref in new_refs
            ):
                continue
            new_refs.add(draft.person_ref)
            new.append(draft)
        for draft, person_id in zip(new, self._create_people(new), strict=True):
            if draft.person_ref:
                self.people_by_ref[draft.person_ref] = person_id
            else:
                self._new_people[id(draft)] = person_id

    def _lookup_refs(self, refs: set[str]) -> None:
        wanted = sorted(refs - set(self.people_by_ref))
        self.people_by_ref.update(people_by_ref(self.agency, wanted))

    def _create_people(
        self,
        drafts: list[PersonDraft],
        keys: list[str] | None = None,
        rows: list[int] | None = None,
    ) -> list[int]:
        self._resolve_places([d.home for d in drafts if d.home is not None])
        self._resolve_phones([d.phone for d in drafts if d.phone])
        ids = self.writers[Person].allocate_ids(len(drafts))
        people: list[dict[str, Any]] = []
        aliases: list[dict[str, Any]] = []
        phones: list[dict[str, Any]] = []
        for i, (person_id, draft) in enumerate(zip(ids, drafts, strict=True)):
            home = self.places.get(draft.home.key) if draft.home else None
            dob = draft.dob
            row = self.provenance(
                rows[i] if rows else None, keys[i] if keys else "", home.area_code if home else ""
            )
            row.update(
                id=person_id,
                person_ref=draft.person_ref[:64],
                first_name=draft.first_name[:100],
                surname=draft.surname[:100],
                gender=draft.gender,
                flags=draft.flags,
                home_id=home.id if home else None,
                dob_year=getattr(dob, "year", None),
                dob_month=getattr(dob, "month", None),
                dob_day=getattr(dob, "day", None),
                search_name=search_name(draft),
                sensitivity="sensitive"
                if "child" in draft.flags or _is_child(draft, self.now.year)
                else "standard",
            )
            people.append(row)
            aliases.extend({"person_id": person_id, "name": a[:120]} for a in draft.aliases)
            if draft.phone:
                phones.append({"person_id": person_id, "phone_id": self.phones[draft.phone]})
        self.writers[Person].write(people)
        self.writers[PersonAlias].write(aliases)
        self.writers[PersonPhone].write(phones)
        return ids

    def _write_person_records(self, drafts: list[Draft]) -> tuple[int, int]:
        records = [(d, d.person_record) for d in drafts if d.person_record is not None]
        self._lookup_refs({p.person_ref for _, p in records if p.person_ref})
        keys = [d.source_key[:128] for d, p in records if not p.person_ref]
        existing_keys = person_record_keys(self.agency, keys)
        new = [
            (d, p)
            for d, p in records
            if (p.person_ref and p.person_ref not in self.people_by_ref)
            or (not p.person_ref and d.source_key[:128] not in existing_keys)
        ]
        ids = self._create_people(
            [p for _, p in new], [d.source_key for d, _ in new], [d.row_number for d, _ in new]
        )
        for (_, person), person_id in zip(new, ids, strict=True):
            if person.person_ref:
                self.people_by_ref[person.person_ref] = person_id
        return len(new), len(drafts) - len(new)

    def _resolve_phones(self, numbers: list[str]) -> None:
        wanted = sorted(set(numbers) - set(self.phones))
        self.phones.update(ids_by_value(Phone, "e164", wanted))
        missing = [n for n in wanted if n not in self.phones]
        self.phones.update(self._create_objects(Phone, "e164", missing))

    def _resolve_vehicles(self, vrms: list[str]) -> None:
        wanted = sorted(set(vrms) - set(self.vehicles))
        self.vehicles.update(ids_by_value(Vehicle, "vrm", wanted))
        missing = [v for v in wanted if v not in self.vehicles]
        self.vehicles.update(self._create_objects(Vehicle, "vrm", missing))

    def _create_objects(
        self, model: type[Phone | Vehicle], name: str, values: list[str]
    ) -> dict[str, int]:
        writer = self.writers[model]
        ids = writer.allocate_ids(len(values))
        writer.write_rows(("id", name), zip(ids, values, strict=True), self.provenance(None, ""))
        return dict(zip(values, ids, strict=True))

    # -- links ------------------------------------------------------------------------------

    def _write_links(self, drafts: list[tuple[int, Draft]]) -> None:
        self._lookup_refs({ref for _, d in drafts for ref in d.subject_refs})
        person_links: dict[tuple[int, int, str], dict[str, Any]] = {}
        phone_links: dict[tuple[int, int, str], dict[str, Any]] = {}
        vehicle_links: dict[tuple[int, int, str], dict[str, Any]] = {}
        reports = []
        for event_id, draft in drafts:
            people = [
                (
                    self.people_by_ref.get(p.person_ref)
                    if p.person_ref
                    else self._new_people.pop(id(p), None),
                    role,
                )
                for p, role in draft.persons
            ] + [(self.people_by_ref.get(ref), "subject") for ref in draft.subject_refs]
            for person_id, role in people:
                if person_id is not None:
                    person_links[(event_id, person_id, role)] = {
                        "event_id": event_id,
                        "person_id": person_id,
                        "role": role,
                    }
            for number, role in draft.phones:
                key = (event_id, self.phones[number], role)
                phone_links[key] = {"event_id": event_id, "phone_id": key[1], "role": role}
            for vrm, role in draft.vehicles:
                key = (event_id, self.vehicles[vrm], role)
                vehicle_links[key] = {"event_id": event_id, "vehicle_id": key[1], "role": role}
            if draft.report is not None:
                reports.append(
                    {
                        "event_id": event_id,
                        "source_agency_id": self.agency.id,
                        "submitted_by_id": self.user_id,
                        **draft.report,
                    }
                )
        self.writers[EventPerson].write(person_links.values())
        self.writers[EventPhone].write(phone_links.values())
        self.writers[EventVehicle].write(vehicle_links.values())
        if reports:
            report_ids = self.writers[IntelligenceReport].allocate_ids(len(reports))
            for report, report_id in zip(reports, report_ids, strict=True):
                report["id"] = report_id
            self.writers[IntelligenceReport].write(reports)


def search_name(draft: PersonDraft) -> str:
    names = [" ".join(part for part in (draft.first_name, draft.surname) if part), *draft.aliases]
    return " | ".join(n.lower() for n in names if n)[:210]


def _is_child(draft: PersonDraft, year: int) -> bool:
    born = getattr(draft.dob, "year", None)
    return born is not None and year - born < 18


__all__ = ["EVENT_COLUMNS", "EVENT_FIELDS", "LOOKED_UP", "ChunkWriter", "event_key_lookup"]
