"""From the database to risk inputs: address and person subjects, and the signals behind them.

Only records the viewer may see in full feed a viewer's scores, so a partner's worklist never
rests on police-only intelligence. :func:`read_records` reads every table the lists need once,
with each row's access marking; :meth:`Records.visible_to` keeps the rows one viewer may see
(the decision :func:`~linewatch.core.access.decide` gives, as ``filter_visible`` applies it in
SQL), so ``linewatch score`` reads the database once for every agency's roles.
:func:`build_inputs` is the one-viewer path (its SQL filtered by ``filter_visible``). With
``user=None`` everything is used (the command line's evaluation, which plays the police
analyst's part).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Model

from linewatch.core.indicators import CUCKOOING as CUCKOOING_SIGNS
from linewatch.core.indicators import EXPLOITATION as EXPLOITATION_SIGNS
from linewatch.core.indicators import INDICATORS
from linewatch.core.risk import OFFENCE, Signal, SignalTable, Subject, harm_days
from linewatch.core.risk.factors import REGISTER
from linewatch.core.risk.harm import INTELLIGENCE_SUPPLY
from linewatch.core.risk.model import age_on
from linewatch.core.risk.scoring import ENFORCEMENT
from linewatch.web.events.models import Event
from linewatch.web.intake.drafts import address_key
from linewatch.web.pole.models import Location, Person
from linewatch.web.risk.nearby import add_nearby
from linewatch.web.risk.records import Records, read_records

VULNERABLE_RESIDENT_FLAGS = frozenset(
    {"adult_at_risk", "substance_use", "learning_disability", "older_isolated", "mental_health"}
)
VICTIM_FLAGS = frozenset(
    {"child", "care_experienced", "missing_history", "adult_at_risk", "learning_disability"}
)
VISITOR_SIGNS = frozenset({"visitors_short_stays", "vehicles_short_stays", "asb_at_property"})
YOUNG_PEOPLE_SIGNS = frozenset({"unknown_young_people"})
KIND_TO_FEED = {
    "street_crime": "police-uk-street",
    "stop_search": "police-uk-stop-search",
    "asb": "asb",
    "needle_find": "needle-finds",
    "missing_episode": "missing-episodes",
    "drug_seizure": "drug-seizures",
    "treatment_referral": "treatment-referrals",
    "handset_contact": "handset-contacts",
    "intelligence": "intelligence",
    "arrest": "arrests",
    "community_report": "community-reports",
}
LOCAL_FORCE = "Leicestershire"
SUPPLY_OFFENCES = frozenset({"pwits_class_a", "pwits_class_b", "modern_slavery"})
CHILD_FLAG = "child"
_CUCKOO_CODES = {i.code for i in INDICATORS if i.group == CUCKOOING_SIGNS}
_CCE_CODES = {i.code for i in INDICATORS if i.group == EXPLOITATION_SIGNS}


@dataclass
class RiskInputs:
    """Everything the three lists are scored on, and which feeds each area has."""

    addresses: SignalTable
    victims: SignalTable
    enablers: SignalTable
    feeds_by_area: dict[str, frozenset[str]]
    register_known: bool
    latest: date | None

    def supplied(self, area: str) -> frozenset[str]:
        feeds = self.feeds_by_area.get(area, frozenset())
        return feeds | {REGISTER} if self.register_known else feeds


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def latest_birth(year: int | None, month: int | None, day: int | None) -> date | None:
    """The latest birth date consistent with a partial DOB (so "a child" is never missed)."""
    if not year:
        return None
    if not month:
        return date(year, 12, 31)
    if not day:
        return date(year, month, 28)
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def ref(model: type[Model] | str, pk: int) -> str:
    name = model if isinstance(model, str) else model._meta.model_name
    return f"{name}:{pk}"


class _Addresses:
    """Locations grouped into addresses: the same address text with the same (or no) postcode
    is one address; a postcode-only location stands for every address in its postcode."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        position = {row[0]: n for n, row in enumerate(rows)}
        by_key: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.postcode_only: dict[int, str] = {}
        for row in rows:
            if row[1]:
                by_key[row[1]].append(row)
            elif row[3]:
                self.postcode_only[row[0]] = row[3]
        self.subject_of: dict[int, str] = {}
        self.subjects: list[Subject] = []
        self.lead_rows: list[int | None] = []  # per subject: its lead's row, when it is placed
        self.by_postcode: dict[str, list[str]] = defaultdict(list)
        self.keys: dict[str, str] = {}
        for key, group in by_key.items():
            with_postcode: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
            without: list[tuple[Any, ...]] = []
            for row in group:
                (with_postcode[row[3]] if row[3] else without).append(row)
            if len(with_postcode) == 1:
                next(iter(with_postcode.values())).extend(without)
            elif without:
                with_postcode[""] = without
            for postcode, members in with_postcode.items():
                lead = min(members, key=lambda r: (r[4] is None, r[0]))
                subject_id = ref(Location, lead[0])
                label = f"{lead[2]}, {postcode}" if postcode else lead[2]
                self.subjects.append(Subject(subject_id, label, lead[6], lead[7], lead[4], lead[5]))
                placed = lead[4] is not None and lead[5] is not None
                self.lead_rows.append(position[lead[0]] if placed else None)
                self.keys[subject_id] = key
                if postcode:
                    self.by_postcode[postcode].append(subject_id)
                for member in members:
                    self.subject_of[member[0]] = subject_id
        self.by_id = {s.id: s for s in self.subjects}

    def at(self, location_id: int | None, text: str = "") -> list[tuple[str, float]]:
        """The addresses a record at ``location_id`` is about, with a share of the signal."""
        if location_id is None:
            return []
        subject = self.subject_of.get(location_id)
        if subject is not None:
            return [(subject, 1.0)]
        postcode = self.postcode_only.get(location_id)
        if not postcode:
            return []
        candidates = self.by_postcode.get(postcode, [])
        said = address_key(text.lower()) if candidates and text else ""
        named = [s for s in candidates if self.keys[s] and self.keys[s] in said]
        if named:
            return [(s, 1.0) for s in named]
        return [(s, 0.25) for s in candidates]


def build_inputs(user: Any = None, *, radius_m: float = 400.0) -> RiskInputs:
    """Subjects and signals for all three lists, from what ``user`` may see."""
    return inputs_from(read_records(user), radius_m=radius_m)


def inputs_from(records: Records, *, radius_m: float = 400.0) -> RiskInputs:
    """Subjects and signals for all three lists, from ``records`` (as one viewer sees them)."""
    addresses = _Addresses(records.locations.rows)
    address_signals: list[Signal] = []
    victim_signals: list[Signal] = []
    enabler_signals: list[Signal] = []

    person_subjects = []
    births: dict[int, date | None] = {}
    homes: dict[int, str] = {}
    for pk, first, surname, year, month, day, flags, home_id, area, *_ in records.people.rows:
        birth = latest_birth(year, month, day)
        births[pk] = birth
        home = addresses.at(home_id)
        npa = ""
        if home:
            homes[pk] = home[0][0]
            place = addresses.by_id[home[0][0]]
            area, npa = area or place.area_code, place.npa
        label = f"{first} {surname}".strip() or f"person {pk}"
        person_subjects.append(Subject(ref(Person, pk), label, area or "", npa, birth=birth))
        flags = set(flags or [])
        if home and flags & VULNERABLE_RESIDENT_FLAGS:
            address_signals.append(
                Signal(
                    home[0][0],
                    "vulnerable_resident",
                    None,
                    ref(Person, pk),
                    note=", ".join(sorted(flags & VULNERABLE_RESIDENT_FLAGS)).replace("_", " "),
                )
            )
        for flag in sorted(flags & VICTIM_FLAGS):
            victim_signals.append(
                Signal(ref(Person, pk), "vulnerability_flags", None, ref(Person, pk), 0.5, flag)
            )

    visible_events = {row[0] for row in records.events.rows}
    indicators = {
        event: signs for event, signs in records.indicators.items() if event in visible_events
    }
    feeds_by_area: dict[str, set[str]] = defaultdict(set)
    latest: date | None = None
    for (
        pk,
        kind,
        at,
        location_id,
        _easting,
        _northing,
        category,
        _count,
        _force,
        text,
        area,
        *_,
    ) in records.events.rows:
        when = _day(at)
        if when is not None and (latest is None or when > latest):
            latest = when
        feed = KIND_TO_FEED.get(kind)
        if feed and area:
            feeds_by_area[area].add(feed)
        record = ref(Event, pk)
        targets = addresses.at(location_id, text or "")
        signs = set(indicators.get(pk) or [])
        if kind == "asb":
            address_signals += [Signal(s, "asb_reports", when, record, w) for s, w in targets]
        elif kind in ("intelligence", "community_report"):
            for subject, share in targets:
                address_signals.append(
                    Signal(subject, "intelligence_mentions", when, record, share)
                )
                if signs & VISITOR_SIGNS or category in ("cuckooing", "drug_dealing"):
                    address_signals.append(
                        Signal(subject, "visitors_and_vehicles", when, record, share)
                    )
                if signs & YOUNG_PEOPLE_SIGNS or category == "child_exploitation":
                    address_signals.append(
                        Signal(subject, "young_people_seen", when, record, share)
                    )
        elif kind in ("drug_seizure", "arrest"):  # only a warrant's are at an exact address
            address_signals += [
                Signal(s, ENFORCEMENT, when, record, note=kind.replace("_", " "))
                for s, w in targets
                if w == 1.0
            ]
        elif kind == "missing_episode":
            address_signals += [
                Signal(s, "young_people_seen", when, record, w, "missing person found here")
                for s, w in targets
            ]

    _people_in_events(
        records.links,
        visible_events,
        indicators,
        births,
        homes,
        address_signals,
        victim_signals,
        enabler_signals,
    )
    register_known = _register(records, addresses, address_signals, victim_signals, enabler_signals)
    victims = SignalTable(person_subjects, victim_signals)
    enablers = SignalTable(person_subjects, enabler_signals)
    address_table = SignalTable(addresses.subjects, address_signals)
    add_nearby(address_table, records, addresses.lead_rows, radius_m)
    _homes_at_risk(address_table, homes, victims, latest)
    return RiskInputs(
        addresses=address_table,
        victims=victims,
        enablers=enablers,
        feeds_by_area={area: frozenset(feeds) for area, feeds in feeds_by_area.items()},
        register_known=register_known,
        latest=latest,
    )


def _people_in_events(
    links: list[tuple[Any, ...]],
    visible_events: set[int],
    indicators: dict[int, list[str]],
    births: dict[int, date | None],
    homes: dict[int, str],
    address_signals: list[Signal],
    victim_signals: list[Signal],
    enabler_signals: list[Signal],
) -> None:
    """Signals from the people named in events: missing episodes, arrests, intelligence."""
    # Filtered here, not in SQL: SQLite plans the join with a subquery and an IN list badly.
    people_by_event: dict[int, list[int]] = defaultdict(list)
    rows = [row for row in links if row[2] in visible_events and row[0] in births]
    for person, _role, event, *_ in rows:
        people_by_event[event].append(person)
    for person, _role, event, kind, at, category, count, force, outcome in rows:
        when = _day(at)
        record = ref(Event, event)
        subject = ref(Person, person)
        age = age_on(births.get(person), when)
        child = age is not None and age < 18
        if kind == "missing_episode":
            victim_signals.append(Signal(subject, "missing_episodes", when, record))
            if force and LOCAL_FORCE.lower() not in force.lower():
                victim_signals.append(
                    Signal(subject, "missing_from_other_force", when, record, note=force)
                )
        elif kind in ("arrest", "drug_seizure"):
            if child and (kind == "drug_seizure" or category in SUPPLY_OFFENCES):
                victim_signals.append(Signal(subject, "child_in_drug_events", when, record))
            elif kind == "arrest":
                harm = harm_days(category or "other")
                enabler_signals.append(Signal(subject, OFFENCE, when, record, harm, category))
        elif kind == "intelligence":
            signs = set(indicators.get(event) or [])
            if signs & _CCE_CODES:
                victim_signals.append(
                    Signal(
                        subject,
                        "exploitation_signs",
                        when,
                        record,
                        1.0,
                        ", ".join(sorted(signs & _CCE_CODES)),
                    )
                )
            if not child:
                enabler_signals.append(Signal(subject, "supply_intelligence", when, record))
                enabler_signals.append(Signal(subject, OFFENCE, when, record, INTELLIGENCE_SUPPLY))
        elif kind == "treatment_referral" and person in homes:
            missed = float(count or 0) + (1.0 if outcome == "not_engaged" else 0.0)
            if missed:
                address_signals.append(
                    Signal(homes[person], "missed_appointments", when, record, missed)
                )
        # Adults seen in the same record as a child at risk.
        if child and kind in ("intelligence", "arrest", "missing_episode", "drug_seizure"):
            for other in people_by_event[event]:
                other_age = age_on(births.get(other), when)
                if other != person and (other_age is None or other_age >= 18):
                    enabler_signals.append(
                        Signal(ref(Person, other), "exploits_children", when, record)
                    )


def _register(
    records: Records,
    addresses: _Addresses,
    address_signals: list[Signal],
    victim_signals: list[Signal],
    enabler_signals: list[Signal],
) -> bool:
    """Signals from the county lines register; whether there is a register at all."""
    lines = {row[0] for row in records.lines.rows}
    for location_id, line_id, since in records.line_addresses:
        if line_id not in lines:
            continue
        for subject, share in addresses.at(location_id):
            address_signals.append(
                Signal(subject, "line_link", since, f"countyline:{line_id}", share)
            )
    for person, role, line_id, since in records.line_members:
        if line_id not in lines:
            continue
        subject, record = ref(Person, person), f"countyline:{line_id}"
        if role in ("runner", "cuckooed_resident"):
            victim_signals.append(Signal(subject, "line_role", since, record, note=role))
        elif role in ("controller", "holder"):
            enabler_signals.append(Signal(subject, "line_position", since, record, note=role))
    return bool(lines)


def _homes_at_risk(
    addresses: SignalTable, homes: dict[int, str], victims: SignalTable, latest: date | None
) -> None:
    """People living at an address with cuckooing evidence get a victims signal for each
    intelligence mention and ASB report there, dated as the record is (half weight), so a
    score at any date uses only what was known by then."""
    if latest is None or not homes:
        return
    at_address: dict[int, list[tuple[int, float, str]]] = defaultdict(list)
    for factor in ("intelligence_mentions", "asb_reports"):
        table = addresses.by_factor.get(factor)
        if table is None:
            continue
        for row, day, amount, record in zip(
            table.subject, table.day, table.amount, table.record, strict=True
        ):
            if day > 0:  # dated signals only; standing facts are not reports
                at_address[row].append((day, amount, record))
    extra: list[Signal] = []
    for person, address in homes.items():
        i = addresses.index.get(address)
        if i is None:
            continue
        subject = ref(Person, person)
        for day, amount, record in at_address.get(i, ()):
            when = date.fromordinal(day)
            extra.append(Signal(subject, "home_at_risk", when, record, amount / 2, "at home"))
    victims.add(extra)
