"""Turning happenings into feed rows: the weekly batch and row builders shared by all events."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from linewatch.simulate import names, texts
from linewatch.simulate.people import Person
from linewatch.simulate.places import Postcode, street_points
from linewatch.simulate.records import Registry, View, format_time
from linewatch.simulate.writers import POLICE, STREET_KIND, Event

CRIMESTOPPERS = "crimestoppers"

FORCE = "Leicestershire Police"
STREET_OUTCOMES = (
    ("Investigation complete; no suspect identified", 30),
    ("Unable to prosecute suspect", 28),
    ("Status update unavailable", 20),
    ("Court result unavailable", 6),
    ("Local resolution", 4),
    ("Formal action is not in the public interest", 2),
    ("Under investigation", 4),
    ("Further investigation is not in the public interest", 2),
    ("Action to be taken by another organisation", 1),
    ("Offender given a caution", 1),
    ("Awaiting court outcome", 1),
)
_OUTCOME_NAMES = tuple(o for o, _ in STREET_OUTCOMES)
_OUTCOME_W = tuple(w for _, w in STREET_OUTCOMES)


class Batch:
    """The rows of one week, plus rows already scheduled for later weeks."""

    def __init__(self, registry: Registry, start: date, weeks: int) -> None:
        self.registry = registry
        self.start = start
        self.weeks = weeks
        self.events: list[Event] = []
        self.later: dict[int, list[Event]] = {}
        self.seq = 0
        self.week = 0
        self.confirmed: dict[str, date] = {}

    def add(
        self,
        when: datetime,
        agency: str,
        kind: str,
        row: dict[str, str],
        line_id: str = "",
        person: Person | None = None,
        flags: tuple[str, ...] = (),
    ) -> View | None:
        """Queue a row (in its own week); fill the person columns from the agency's view."""
        week = (when.date() - self.start).days // 7
        if not 0 <= week < self.weeks:
            return None
        view = None
        if person is not None:
            view = self.registry.view(agency, person, when.date(), flags)
            row.update(view.columns)
        self.seq += 1
        event = Event(when, self.seq, agency, kind, row, line_id)
        if week <= self.week:
            self.events.append(event)
        else:
            self.later.setdefault(week, []).append(event)
        return view

    def confirm(self, person: Person, day: date) -> None:
        """Note the first date an agency recognised ``person`` as a victim."""
        if person.pid not in self.confirmed or day < self.confirmed[person.pid]:
            self.confirmed[person.pid] = day

    def take(self, week: int) -> list[Event]:
        """The rows for ``week`` (this week's plus those scheduled earlier); resets the batch."""
        events = self.events + self.later.pop(week, [])
        self.events = []
        self.week = week + 1
        return events


def when(rng: random.Random, week_start: date, office: bool = False) -> datetime:
    """A time in the week (re-exported for event modules)."""
    from linewatch.simulate.rand import in_week

    return in_week(rng, week_start, office)


def street_row(
    rng: random.Random, moment: datetime, postcode: Postcode, crime_type: str
) -> dict[str, str]:
    """A police.uk street-level row, snapped to the postcode's nearest map point."""
    point = street_points()[postcode.point]
    asb = crime_type == "Anti-social behaviour"
    return {
        "Crime ID": "" if asb else f"{rng.getrandbits(256):064x}",
        "Month": moment.strftime("%Y-%m"),
        "Reported by": FORCE,
        "Falls within": FORCE,
        "Longitude": point.lon,
        "Latitude": point.lat,
        "Location": point.location,
        "LSOA code": point.lsoa_code,
        "LSOA name": point.lsoa_name,
        "Crime type": crime_type,
        "Last outcome category": "" if asb else rng.choices(_OUTCOME_NAMES, _OUTCOME_W)[0],
        "Context": "",
    }


def add_street(
    batch: Batch,
    rng: random.Random,
    moment: datetime,
    postcode: Postcode,
    crime_type: str,
    line_id: str = "",
) -> None:
    """Queue a police.uk street row."""
    batch.add(moment, POLICE, STREET_KIND, street_row(rng, moment, postcode, crime_type), line_id)


def age_range(age: int) -> str:
    """police.uk stop-and-search age band."""
    if age < 10:
        return "under 10"
    if age < 18:
        return "10-17"
    if age < 25:
        return "18-24"
    return "25-34" if age < 35 else "over 34"


ETHNICITIES = (
    ("White - English/Welsh/Scottish/Northern Irish/British", "White", 50),
    ("Asian/Asian British - Indian", "Asian", 12),
    ("Asian/Asian British - Any other Asian background", "Asian", 4),
    ("Black/African/Caribbean/Black British - Caribbean", "Black", 7),
    ("Black/African/Caribbean/Black British - African", "Black", 5),
    ("Mixed/Multiple ethnic groups - White and Black Caribbean", "White", 5),
    ("White - Any other White background", "White", 6),
    ("", "", 11),
)


def stop_search_row(
    rng: random.Random,
    moment: datetime,
    postcode: Postcode,
    gender: str,
    age: int,
    found: bool,
) -> dict[str, str]:
    """A police.uk stop-and-search row for a person search."""
    point = street_points()[postcode.point]
    self_def, officer, _ = rng.choices(ETHNICITIES, weights=[e[2] for e in ETHNICITIES])[0]
    drugs = rng.random() < 0.7
    outcome = (
        rng.choice(("Arrest", "Arrest", "Community resolution", "Penalty Notice for Disorder"))
        if found
        else "A no further action disposal"
    )
    return {
        "Type": "Person search" if rng.random() < 0.85 else "Person and Vehicle search",
        "Date": moment.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "Part of a policing operation": rng.choice(("", "False", "False")),
        "Policing operation": "",
        "Latitude": point.lat,
        "Longitude": point.lon,
        "Gender": gender.capitalize(),
        "Age range": age_range(age),
        "Self-defined ethnicity": self_def,
        "Officer-defined ethnicity": officer,
        "Legislation": "Misuse of Drugs Act 1971 (section 23)"
        if drugs
        else "Police and Criminal Evidence Act 1984 (section 1)",
        "Object of search": "Controlled drugs" if drugs else "Offensive weapons",
        "Outcome": outcome,
        "Outcome linked to object of search": ("True" if found else "False")
        if rng.random() < 0.8
        else "",
        "Removal of more than just outer clothing": "False",
    }


def phones_text(rng: random.Random, numbers: list[str]) -> str:
    """A ``phone_list`` cell in mixed formats."""
    return ";".join(names.format_phone(n, rng) for n in numbers)


def stamp(moment: datetime, agency: str) -> str:
    """Format a date-time the agency's way."""
    return format_time(moment, agency)


def days(n: int) -> timedelta:
    """Shorthand for a number of days."""
    return timedelta(days=n)


def add_community_report(
    batch: Batch,
    rng: random.Random,
    at: datetime,
    concern: str,
    address: str,
    postcode: str,
    postcode_share: float,
    line_id: str = "",
) -> None:
    """A Crimestoppers report of ``concern`` at ``address``; ``postcode_share`` of reporters
    give the postcode."""
    text = texts.fill(rng.choice(texts.COMMUNITY[concern]), rng, address=address)
    batch.add(
        at,
        CRIMESTOPPERS,
        "community-reports",
        {
            "agency": CRIMESTOPPERS,
            "reported_at": stamp(at, CRIMESTOPPERS),
            "concern": concern,
            "text": text,
            "address": address,
            "postcode": postcode if rng.random() < postcode_share else "",
        },
        line_id,
    )
