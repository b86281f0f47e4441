"""Writing a chunk of drafts: places, people, phones and vehicles found or created, then the
events and their links, all in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from linewatch.web.accounts.models import Agency
from linewatch.web.events.models import Event, EventPerson, EventPhone, EventVehicle
from linewatch.web.intake.bulk_writer import BulkWriter
from linewatch.web.intake.drafts import Draft, PersonDraft, PlaceDraft
from linewatch.web.intake.geocoding import Placed, place_lonlats, place_postcodes_and_points
from linewatch.web.intake.models import FeedImport
from linewatch.web.intel.models import IntelligenceReport
from linewatch.web.pole.models import Location, Person, PersonAlias, PersonPhone, Phone, Vehicle

EVENT_COLUMNS = (
    "owning_agency", "handling_code", "sensitivity", "area_code", "source_feed", "source_file",
    "source_checksum", "source_row", "source_key", "api_client", "feed_import", "received_at",
    "created_at", "modified_at", "created_by", "modified_by",
    "kind", "ref", "occurred_at", "time_precision", "location", "location_text", "easting",
    "northing", "latitude", "longitude", "lsoa_code", "category", "outcome", "drug_type",
    "quantity", "unit", "count", "home_force", "ended_at", "description", "details",
)
EVENT_DEFAULTS = {
    "ref": "", "time_precision": "exact", "location_text": "", "lsoa_code": "", "category": "",
    "outcome": "", "drug_type": "", "unit": "", "home_force": "", "description": "",
}
SENSITIVE_KINDS = frozenset({"missing_episode", "treatment_referral"})


class ChunkWriter:
    """Writes drafts from one file of one agency's feed."""

    def __init__(self, kind: str, agency: Agency, feed_import: FeedImport, filename: str,
                 checksum: str, user: Any) -> None:
        self.kind, self.agency, self.feed_import = kind, agency, feed_import
        self.filename, self.checksum = filename, checksum
        self.user_id = user.pk if getattr(user, "is_authenticated", False) else None
        self.now = timezone.now()
        self.events = BulkWriter(Event, EVENT_COLUMNS)
        self.places: dict[tuple[str, str], Location] = {}
        self.phones: dict[str, int] = {}
        self.vehicles: dict[str, int] = {}
        self.people_by_ref: dict[str, Person] = {}
        # People named in a row without an agency reference are new records each time; the
        # draft's identity carries the created record to the link step of the same chunk.
        self._new_people: dict[int, Person] = {}

    def provenance(self, row_number: int, key: str, area_code: str = "") -> dict[str, Any]:
        return {
            "owning_agency_id": self.agency.id, "source_feed": self.kind,
            "source_file": self.filename[:255], "source_checksum": self.checksum,
            "source_row": row_number, "source_key": key[:128], "feed_import_id": self.feed_import.id,
            "received_at": self.now, "created_by_id": self.user_id, "modified_by_id": self.user_id,
            "area_code": area_code,
        }

    # -- the chunk ------------------------------------------------------------------------

    def write(self, drafts: list[Draft]) -> tuple[int, int]:
        """Write the drafts not already present; return (accepted, already present)."""
        if self.kind == "persons":
            return self._write_person_records(drafts)
        existing = self._existing_event_keys([d.source_key for d in drafts])
        new = [d for d in drafts if d.source_key[:128] not in existing]
        self._resolve_places([d.place for d in new if d.place is not None])
        self._resolve_people([p for d in new for p, _ in d.persons])
        self._resolve_phones([phone for d in new for phone, _ in d.phones]
                             + [p.phone for d in new for p, _ in d.persons if p.phone])
        self._resolve_vehicles([vrm for d in new for vrm, _ in d.vehicles])
        points = self._points(new)
        self.events.write([self._event_row(d, placed) for d, placed in zip(new, points,
                                                                          strict=True)])
        self._write_links(new)
        return len(new), len(drafts) - len(new)

    def _existing_event_keys(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        trimmed = [k[:128] for k in keys]
        for start in range(0, len(trimmed), 900):
            found.update(Event.objects.filter(
                owning_agency=self.agency, source_feed=self.kind,
                source_key__in=trimmed[start:start + 900],
            ).values_list("source_key", flat=True))
        return found

    def _points(self, drafts: list[Draft]) -> list[Placed | None]:
        """Geography for events with a WGS84 point and no place (police.uk rows)."""
        index = [i for i, d in enumerate(drafts)
                 if d.place is None and d.event and d.event.get("latitude") is not None]
        placed: list[Placed | None] = [None] * len(drafts)
        lsoa_only = [i for i, d in enumerate(drafts)
                     if d.place is None and d.event and d.event.get("latitude") is None
                     and d.event.get("lsoa_code")]
        rows = index + lsoa_only
        if rows:
            results = place_lonlats(
                [drafts[i].event.get("longitude") for i in rows],  # type: ignore[union-attr]
                [drafts[i].event.get("latitude") for i in rows],  # type: ignore[union-attr]
                [drafts[i].event.get("lsoa_code", "") for i in rows],  # type: ignore[union-attr]
            )
            for i, result in zip(rows, results, strict=True):
                placed[i] = result
        return placed

    def _event_row(self, draft: Draft, placed: Placed | None) -> tuple[Any, ...]:
        event = dict(EVENT_DEFAULTS)
        event.update(draft.event or {})
        location = self.places.get(draft.place.key) if draft.place else None
        area = ""
        if location is not None:
            area = location.area_code
            event["location_id"] = location.id
            event["easting"] = event.get("easting") or location.easting
            event["northing"] = event.get("northing") or location.northing
            event["latitude"] = event.get("latitude") or location.latitude
            event["longitude"] = event.get("longitude") or location.longitude
            event["lsoa_code"] = event.get("lsoa_code") or location.lsoa_code
        elif placed is not None:
            area = placed.la_code
            event["easting"], event["northing"] = placed.easting, placed.northing
            event["lsoa_code"] = placed.lsoa_code
        values = self.provenance(draft.row_number, draft.source_key, area)
        values["handling_code"] = event.pop("handling_code", "P")
        values["sensitivity"] = event.pop("sensitivity", "sensitive" if event["kind"] in
                                          SENSITIVE_KINDS else "standard")
        values["received_at"] = event.pop("received_at", None) or self.now
        values.update(created_at=self.now, modified_at=self.now, api_client="")
        values.update(event)
        get = values.get
        return tuple(get(_id_name(column)) for column in EVENT_COLUMNS)

    # -- places, people, objects ----------------------------------------------------------

    def _resolve_places(self, places: Iterable[PlaceDraft]) -> None:
        wanted = {p.key: p for p in places if p.key not in self.places}
        if not wanted:
            return
        keys = list(wanted)
        for start in range(0, len(keys), 400):
            batch = keys[start:start + 400]
            for location in Location.objects.filter(
                address_key__in={k[0] for k in batch}, postcode__in={k[1] for k in batch}
            ):
                self.places[(location.address_key, location.postcode)] = location
        missing = [wanted[k] for k in keys if k not in self.places]
        if not missing:
            return
        geo = place_postcodes_and_points([p.postcode for p in missing],
                                         [p.easting for p in missing],
                                         [p.northing for p in missing])
        created = [
            Location(
                address=p.address[:300], address_key=p.key[0], postcode=p.postcode,
                easting=g.easting, northing=g.northing, latitude=g.latitude, longitude=g.longitude,
                lsoa_code=g.lsoa_code, ward_code=g.ward_code, neighbourhood_policing_area=g.npa,
                **self.provenance(0, "", g.la_code),
            )
            for p, g in zip(missing, geo, strict=True)
        ]
        for location in Location.objects.bulk_create(created, batch_size=500):
            self.places[(location.address_key, location.postcode)] = location
        if any(location.pk is None for location in created):
            for location in Location.objects.filter(
                address_key__in=[p.key[0] for p in missing]
            ):
                self.places[(location.address_key, location.postcode)] = location

    def _resolve_people(self, people: list[PersonDraft]) -> None:
        refs = sorted({p.person_ref for p in people if p.person_ref} - set(self.people_by_ref))
        for start in range(0, len(refs), 900):
            for person in Person.objects.filter(owning_agency=self.agency,
                                                person_ref__in=refs[start:start + 900]):
                self.people_by_ref[person.person_ref] = person
        new: list[PersonDraft] = []
        new_refs: set[str] = set()
        for draft in people:
            if draft.person_ref and (draft.person_ref in self.people_by_ref
                                     or draft.person_ref in new_refs):
                continue
            new_refs.add(draft.person_ref)
            new.append(draft)
        created = self._create_people(new, "")
        for draft, person in zip(new, created, strict=True):
            if draft.person_ref:
                self.people_by_ref[draft.person_ref] = person
            self._new_people[id(draft)] = person

    def _create_people(self, drafts: list[PersonDraft], key_prefix: str,
                       keys: list[str] | None = None, rows: list[int] | None = None) -> list[Person]:
        self._resolve_places([d.home for d in drafts if d.home is not None])
        people = []
        for i, draft in enumerate(drafts):
            home = self.places.get(draft.home.key) if draft.home else None
            dob = draft.dob
            person = Person(
                person_ref=draft.person_ref[:64], first_name=draft.first_name[:100],
                surname=draft.surname[:100], gender=draft.gender, flags=draft.flags, home=home,
                dob_year=getattr(dob, "year", None), dob_month=getattr(dob, "month", None),
                dob_day=getattr(dob, "day", None),
                search_name=search_name(draft),
                **self.provenance(rows[i] if rows else 0, keys[i] if keys else "",
                                  home.area_code if home else ""),
            )
            person.created_at = person.modified_at = self.now
            if "child" in draft.flags or _is_child(draft, self.now.year):
                person.sensitivity = "sensitive"
            people.append(person)
        Person.objects.bulk_create(people, batch_size=500)
        aliases = [PersonAlias(person=p, name=a[:120]) for p, d in zip(people, drafts, strict=True)
                   for a in d.aliases]
        PersonAlias.objects.bulk_create(aliases, batch_size=1000)
        phones = [d.phone for d in drafts if d.phone]
        self._resolve_phones(phones)
        PersonPhone.objects.bulk_create(
            [PersonPhone(person=p, phone_id=self.phones[d.phone])
             for p, d in zip(people, drafts, strict=True) if d.phone],
            batch_size=1000, ignore_conflicts=True,
        )
        return people

    def _write_person_records(self, drafts: list[Draft]) -> tuple[int, int]:
        records = [(d, d.person_record) for d in drafts if d.person_record is not None]
        refs = [p.person_ref for _, p in records if p.person_ref]
        keys = [d.source_key[:128] for d, p in records if not p.person_ref]
        existing_refs = set(Person.objects.filter(owning_agency=self.agency, person_ref__in=refs)
                            .values_list("person_ref", flat=True)) if refs else set()
        existing_keys = set(Person.objects.filter(
            owning_agency=self.agency, source_feed="persons", source_key__in=keys
        ).values_list("source_key", flat=True)) if keys else set()
        new = [(d, p) for d, p in records
               if (p.person_ref and p.person_ref not in existing_refs)
               or (not p.person_ref and d.source_key[:128] not in existing_keys)]
        created = self._create_people([p for _, p in new], "", [d.source_key for d, _ in new],
                                      [d.row_number for d, _ in new])
        for person in created:
            if person.person_ref:
                self.people_by_ref[person.person_ref] = person
        return len(new), len(drafts) - len(new)

    def _resolve_phones(self, numbers: list[str]) -> None:
        wanted = sorted(set(numbers) - set(self.phones))
        if not wanted:
            return
        for start in range(0, len(wanted), 900):
            for pk, e164 in Phone.objects.filter(e164__in=wanted[start:start + 900]) \
                    .values_list("id", "e164"):
                self.phones[e164] = pk
        missing = [n for n in wanted if n not in self.phones]
        for phone in Phone.objects.bulk_create(
            [Phone(e164=n, **self.provenance(0, "")) for n in missing], batch_size=500
        ):
            self.phones[phone.e164] = phone.pk

    def _resolve_vehicles(self, vrms: list[str]) -> None:
        wanted = sorted(set(vrms) - set(self.vehicles))
        if not wanted:
            return
        for pk, vrm in Vehicle.objects.filter(vrm__in=wanted).values_list("id", "vrm"):
            self.vehicles[vrm] = pk
        missing = [v for v in wanted if v not in self.vehicles]
        for vehicle in Vehicle.objects.bulk_create(
            [Vehicle(vrm=v, **self.provenance(0, "")) for v in missing], batch_size=500
        ):
            self.vehicles[vehicle.vrm] = vehicle.pk

    # -- links ------------------------------------------------------------------------------

    def _write_links(self, drafts: list[Draft]) -> None:
        linked = [d for d in drafts if d.persons or d.phones or d.vehicles or d.report
                  or d.subject_refs]
        if not linked:
            return
        ids = self._event_ids([d.source_key for d in linked])
        person_links, phone_links, vehicle_links, reports = [], [], [], []
        subject_refs = sorted({ref for d in linked for ref in d.subject_refs}
                              - set(self.people_by_ref))
        if subject_refs:
            for person in Person.objects.filter(owning_agency=self.agency,
                                                person_ref__in=subject_refs):
                self.people_by_ref[person.person_ref] = person
        for draft in linked:
            event_id = ids[draft.source_key[:128]]
            for person_draft, role in draft.persons:
                person = (self.people_by_ref.get(person_draft.person_ref)
                          if person_draft.person_ref else self._new_people.pop(id(person_draft), None))
                if person is not None:
                    person_links.append(EventPerson(event_id=event_id, person=person, role=role))
                    if person_draft.phone:
                        phone_links.append(EventPhone(event_id=event_id, role="person's phone",
                                                      phone_id=self.phones[person_draft.phone]))
            for ref in draft.subject_refs:
                person = self.people_by_ref.get(ref)
                if person is not None:
                    person_links.append(EventPerson(event_id=event_id, person=person,
                                                    role="subject"))
            for number, role in draft.phones:
                phone_links.append(EventPhone(event_id=event_id, phone_id=self.phones[number],
                                              role=role))
            for vrm, role in draft.vehicles:
                vehicle_links.append(EventVehicle(event_id=event_id,
                                                  vehicle_id=self.vehicles[vrm], role=role))
            if draft.report is not None:
                reports.append(IntelligenceReport(event_id=event_id, source_agency=self.agency,
                                                  **draft.report))
        EventPerson.objects.bulk_create(person_links, batch_size=2000, ignore_conflicts=True)
        EventPhone.objects.bulk_create(phone_links, batch_size=2000, ignore_conflicts=True)
        EventVehicle.objects.bulk_create(vehicle_links, batch_size=2000, ignore_conflicts=True)
        IntelligenceReport.objects.bulk_create(reports, batch_size=1000)

    def _event_ids(self, keys: list[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        trimmed = [k[:128] for k in keys]
        for start in range(0, len(trimmed), 900):
            ids.update(Event.objects.filter(
                owning_agency=self.agency, source_feed=self.kind,
                source_key__in=trimmed[start:start + 900],
            ).values_list("source_key", "id"))
        return ids


def _id_name(column: str) -> str:
    return f"{column}_id" if column in ("owning_agency", "feed_import", "created_by",
                                        "modified_by", "location") else column


def search_name(draft: PersonDraft) -> str:
    names = [" ".join(part for part in (draft.first_name, draft.surname) if part), *draft.aliases]
    return " | ".join(n.lower() for n in names if n)[:210]


def _is_child(draft: PersonDraft, year: int) -> bool:
    born = getattr(draft.dob, "year", None)
    return born is not None and year - born < 18
