"""From a parsed feed row to the records it describes (event, place, people, phones, vehicles).

One mapper per feed kind, registered where it is defined; :data:`MAPPERS` fails at import if a
feed kind has none. Nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any

from linewatch.feeds import FEEDS, ParsedRow

ADDRESS_NOISE = re.compile(r"[^a-z0-9 ]+")


def address_key(address: str) -> str:
    """Address text reduced to what identifies it: lower case, no punctuation, one space."""
    return " ".join(ADDRESS_NOISE.sub(" ", address.lower()).split())[:300]


@dataclass
class PlaceDraft:
    address: str = ""
    postcode: str = ""
    easting: int | None = None
    northing: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (address_key(self.address), self.postcode)


@dataclass
class PersonDraft:
    person_ref: str = ""
    first_name: str = ""
    surname: str = ""
    aliases: list[str] = field(default_factory=list)
    dob: Any = None  # a feeds PartialDate
    gender: str = ""
    phone: str = ""
    flags: list[str] = field(default_factory=list)
    home: PlaceDraft | None = None


@dataclass
class Draft:
    """Everything one row says, ready to be written."""

    row_number: int
    source_key: str
    event: dict[str, Any] | None = None
    place: PlaceDraft | None = None
    persons: list[tuple[PersonDraft, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    vehicles: list[tuple[str, str]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    subject_refs: list[str] = field(default_factory=list)
    person_record: PersonDraft | None = None


Mapper = Callable[[ParsedRow], Draft]
MAPPERS: dict[str, Mapper] = {}


def mapper(kind: str) -> Callable[[Mapper], Mapper]:
    def register(function: Mapper) -> Mapper:
        if kind not in FEEDS:
            raise LookupError(f"mapper for unknown feed kind {kind!r}")
        MAPPERS[kind] = function
        return function

    return register


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value)


def _place(
    values: dict[str, Any], address: str = "address", postcode: str = "postcode"
) -> PlaceDraft | None:
    place = PlaceDraft(
        address=_text(values, address),
        postcode=_text(values, postcode),
        easting=values.get("easting"),
        northing=values.get("northing"),
    )
    if not (place.address or place.postcode or place.easting is not None):
        return None
    return place


def split_full_name(full_name: str) -> tuple[str, str]:
    """'SMITH, Jayden' → ('Jayden', 'SMITH'); 'Jayden Smith' → ('Jayden', 'Smith')."""
    text = " ".join(full_name.split())
    if "," in text:
        surname, _, first = text.partition(",")
        return first.strip(), surname.strip()
    parts = text.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def person_from(values: dict[str, Any], with_home: bool = False) -> PersonDraft | None:
    first, surname = _text(values, "first_name"), _text(values, "surname")
    full = _text(values, "full_name")
    if full and not (first or surname):
        first, surname = split_full_name(full)
    ref = _text(values, "person_ref")
    if not (ref or surname or first):
        return None
    return PersonDraft(
        person_ref=ref,
        first_name=first,
        surname=surname,
        aliases=list(values.get("aliases") or []),
        dob=values.get("dob"),
        gender=_text(values, "gender"),
        phone=_text(values, "person_phone"),
        flags=list(values.get("flags") or []),
        home=_place(values) if with_home else None,
    )


def _event(kind: str, row: ParsedRow, occurred: datetime | None, **fields: Any) -> dict[str, Any]:
    details = {k: v for k, v in row.extra.items() if v}
    event = {"kind": kind, "occurred_at": occurred, "details": details, "ref": "", **fields}
    return event


def _draft(row: ParsedRow, **kwargs: Any) -> Draft:
    return Draft(row_number=row.row_number, source_key=row.row_key, **kwargs)


def _with_person(draft: Draft, values: dict[str, Any], role: str) -> Draft:
    person = person_from(values)
    if person is not None:
        draft.persons.append((person, role))
    return draft


@lru_cache(maxsize=1024)
def _month_start(value: date) -> datetime:
    return datetime.combine(value, time(0, 0), tzinfo=UTC)


@mapper("police-uk-street")
def _police_uk_street(row: ParsedRow) -> Draft:
    # The hot path of a bulk load (a million rows a run): plain dict building only.
    v = row.values
    details = {"lsoa_name": v["LSOA name"] or "", "reported_by": v["Reported by"] or ""}
    if row.extra:
        details.update((k, x) for k, x in row.extra.items() if x)
    event = {
        "kind": "street_crime",
        "occurred_at": _month_start(v["Month"]),
        "ref": (v["Crime ID"] or "")[:128],
        "time_precision": "month",
        "category": v["Crime type"] or "",
        "outcome": (v["Last outcome category"] or "")[:120],
        "location_text": v["Location"] or "",
        "latitude": v["Latitude"],
        "longitude": v["Longitude"],
        "lsoa_code": v["LSOA code"] or "",
        "description": v["Context"] or "",
        "details": details,
    }
    return Draft(row_number=row.row_number, source_key=row.row_key, event=event)


@mapper("police-uk-stop-search")
def _police_uk_stop_search(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "stop_search",
        row,
        v["Date"],
        category=_text(v, "Object of search")[:60],
        outcome=_text(v, "Outcome")[:120],
        latitude=v.get("Latitude"),
        longitude=v.get("Longitude"),
    )
    event["details"].update(
        {
            key: _text(v, key)
            for key in (
                "Type",
                "Gender",
                "Age range",
                "Self-defined ethnicity",
                "Officer-defined ethnicity",
                "Legislation",
                "Policing operation",
            )
            if v.get(key)
        }
    )
    return _draft(row, event=event)


@mapper("persons")
def _persons(row: ParsedRow) -> Draft:
    person = person_from(row.values, with_home=True)
    return _draft(row, person_record=person)


@mapper("asb")
def _asb(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "asb",
        row,
        v["reported_at"],
        ref=_text(v, "ref"),
        category=_text(v, "category"),
        description=_text(v, "description"),
    )
    event["details"]["reporter_type"] = _text(v, "reporter_type")
    return _with_person(_draft(row, event=event, place=_place(v)), v, "subject")


@mapper("needle-finds")
def _needle_finds(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "needle_find",
        row,
        v["found_at"],
        ref=_text(v, "ref"),
        count=v["count"],
        category=_text(v, "setting"),
        location_text=_text(v, "location_description"),
    )
    place = _place(v, address="__none__")
    return _draft(row, event=event, place=place)


@mapper("missing-episodes")
def _missing(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "missing_episode",
        row,
        v["reported_missing_at"],
        ref=_text(v, "ref"),
        home_force=_text(v, "home_force")[:80],
        ended_at=v.get("found_at"),
        location_text=_text(v, "found_location"),
        category=_text(v, "risk_level"),
    )
    place = _place(v, address="__none__", postcode="found_postcode")
    return _with_person(_draft(row, event=event, place=place), v, "missing person")


def _phones(values: dict[str, Any], name: str, role: str) -> list[tuple[str, str]]:
    return [(phone, role) for phone in values.get(name) or []]


def _vehicles(values: dict[str, Any], role: str) -> list[tuple[str, str]]:
    return [(vrm, role) for vrm in values.get("vehicles") or []]


@mapper("drug-seizures")
def _seizures(row: ParsedRow) -> Draft:
    v = row.values
    quantity = v["quantity"]
    event = _event(
        "drug_seizure",
        row,
        v["seized_at"],
        ref=_text(v, "ref"),
        drug_type=_text(v, "drug_type"),
        category=_text(v, "drug_type"),
        quantity=Decimal(quantity) if quantity is not None else None,
        unit=_text(v, "unit"),
    )
    draft = _draft(
        row,
        event=event,
        place=_place(v),
        phones=_phones(v, "phones", "seized"),
        vehicles=_vehicles(v, "involved"),
    )
    return _with_person(draft, v, "suspect")


@mapper("treatment-referrals")
def _treatment(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "treatment_referral",
        row,
        v["referred_at"],
        ref=_text(v, "ref"),
        category=_text(v, "referral_source"),
        drug_type=_text(v, "substance"),
        outcome=_text(v, "outcome"),
        count=v.get("missed_appointments"),
    )
    return _with_person(_draft(row, event=event, place=_place(v)), v, "client")


@mapper("handset-contacts")
def _handset(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "handset_contact",
        row,
        v["seized_at"],
        ref=_text(v, "handset_ref"),
        ended_at=v.get("last_contact_at"),
        count=v.get("message_count"),
        description=_text(v, "contact_name"),
    )
    phones = [(_text(v, "handset_number"), "handset"), (_text(v, "phone"), "contact")]
    return _draft(row, event=event, phones=phones)


@mapper("intelligence")
def _intelligence(row: ParsedRow) -> Draft:
    v = row.values
    graded = bool(v.get("source_evaluation"))
    event = _event(
        "intelligence",
        row,
        v.get("occurred_at") or v["submitted_at"],
        ref=_text(v, "ref"),
        description="",
        handling_code=_text(v, "handling_code") or "P",
        sensitivity=_text(v, "sensitivity") or "standard",
    )
    event["received_at"] = v["submitted_at"]
    report = {
        "text": _text(v, "text"),
        "source_evaluation": _text(v, "source_evaluation"),
        "intelligence_assessment": _text(v, "intelligence_assessment"),
        "handling_conditions": _text(v, "handling_conditions"),
        "indicators": list(v.get("indicators") or []),
        "status": "graded" if graded else "awaiting_grading",
    }
    return _draft(
        row,
        event=event,
        place=_place(v),
        report=report,
        phones=_phones(v, "phones", "mentioned"),
        vehicles=_vehicles(v, "mentioned"),
        subject_refs=list(v.get("subjects") or []),
    )


@mapper("arrests")
def _arrests(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "arrest",
        row,
        v["arrested_at"],
        ref=_text(v, "ref"),
        category=_text(v, "offence"),
        outcome=_text(v, "outcome"),
    )
    draft = _draft(
        row,
        event=event,
        place=_place(v),
        phones=_phones(v, "phones", "seized"),
        vehicles=_vehicles(v, "involved"),
    )
    return _with_person(draft, v, "arrested")


@mapper("community-reports")
def _community(row: ParsedRow) -> Draft:
    v = row.values
    event = _event(
        "community_report", row, v["reported_at"], ref=_text(v, "ref"), category=_text(v, "concern")
    )
    event["received_at"] = v["reported_at"]
    report = {
        "text": _text(v, "text"),
        "source_evaluation": "",
        "intelligence_assessment": "",
        "handling_conditions": "",
        "indicators": [],
        "status": "awaiting_grading",
    }
    return _draft(row, event=event, place=_place(v), report=report)


_missing_mappers = sorted(set(FEEDS) - set(MAPPERS))
if _missing_mappers:
    raise LookupError(f"feed kinds with no mapper: {', '.join(_missing_mappers)}")
