"""How each agency records people: its person_ref scheme, name and date habits, and noise.

Every agency keeps one view per person it knows (sometimes two: a duplicate record); the
views are written as that agency's ``persons`` feed at the end and map back to true people
in ``truth/person_records.csv``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from linewatch.simulate import names
from linewatch.simulate.people import Person
from linewatch.simulate.places import Postcode, postcodes

#: Share of people who moved home in the last few years, and the chance that an agency's
#: record of such a person still holds the earlier home (records are updated unevenly
#: across agencies: housing knows the new tenancy, a police record may not).
MOVED = 0.2
STALE = 0.5
#: Share of moves within the same local authority.
MOVED_LOCALLY = 0.7

PERSON_COLUMNS = (
    "person_ref",
    "first_name",
    "surname",
    "full_name",
    "aliases",
    "dob",
    "gender",
    "person_phone",
)
FLAG_ORDER = (
    "child",
    "care_experienced",
    "adult_at_risk",
    "substance_use",
    "learning_disability",
    "mental_health",
    "older_isolated",
    "missing_history",
    "physical_disability",
    "domestic_abuse_victim",
)


@dataclass(frozen=True, slots=True)
class Style:
    """An agency's recording habits."""

    ref_prefix: str
    names: str  # "split", "split_upper", "comma", "plain"
    dates: str  # "iso", "dmy", "dmy_dash", "dmy_dot", "dmy_short"
    times: str  # "iso_t", "iso_space", "dmy"
    noise: float  # chance of each kind of error in a record
    flags: frozenset[str]


_ADULT = frozenset(FLAG_ORDER) - {"child", "care_experienced"}
_COUNCIL = Style("", "split", "dmy", "dmy", 0.08, frozenset({"adult_at_risk", "older_isolated"}))
STYLES: dict[str, Style] = {
    "leicestershire-police": Style(
        "LP",
        "split_upper",
        "iso",
        "iso_t",
        0.04,
        frozenset({"child", "adult_at_risk", "missing_history", "substance_use", "mental_health"}),
    ),
    "leicester-city-council": Style("LCC", "comma", "dmy", "dmy", 0.07, frozenset(FLAG_ORDER)),
    "rutland-county-council": Style("RCC", "split", "dmy_dash", "dmy", 0.07, frozenset(FLAG_ORDER)),
    "leicestershire-county-council": Style(
        "MOS", "split", "dmy_dash", "dmy", 0.05, frozenset(FLAG_ORDER)
    ),
    "midshires-housing": Style("MH", "plain", "dmy_short", "iso_space", 0.1, _ADULT),
    "llr-recovery": Style(
        "LLRR",
        "split",
        "dmy_dot",
        "dmy",
        0.12,
        frozenset({"substance_use", "mental_health", "domestic_abuse_victim", "adult_at_risk"}),
    ),
}
for _code, _prefix in (
    ("charnwood-bc", "CBC"),
    ("nw-leicestershire-dc", "NWL"),
    ("melton-bc", "MBC"),
    ("harborough-dc", "HDC"),
    ("hinckley-bosworth-bc", "HBBC"),
    ("blaby-dc", "BDC"),
    ("oadby-wigston-bc", "OWBC"),
):
    STYLES[_code] = Style(
        _prefix, _COUNCIL.names, _COUNCIL.dates, _COUNCIL.times, _COUNCIL.noise, _COUNCIL.flags
    )
STYLES["crimestoppers"] = Style("CS", "plain", "iso", "iso_space", 0.0, frozenset())


def format_date(day: date, style: str) -> str:
    """A date in one of the accepted formats."""
    if style == "iso":
        return day.isoformat()
    if style == "dmy_dash":
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    if style == "dmy_dot":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    if style == "dmy_short":
        return f"{day.day}/{day.month}/{day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_time(moment: datetime, agency: str) -> str:
    """A naive Europe/London date-time in the agency's habitual format."""
    style = STYLES[agency].times
    if style == "iso_t":
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    if style == "iso_space":
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.strftime("%d/%m/%Y %H:%M")


@dataclass(slots=True)
class View:
    """One agency's record of one person."""

    agency: str
    ref: str
    person: Person
    columns: dict[str, str]
    flags: set[str] = field(default_factory=set)
    address: str = ""
    postcode: str = ""
    recorded: date | None = None

    def touch(self, day: date, flags: tuple[str, ...] = ()) -> None:
        """Note an update on ``day``, adding ``flags`` the agency records."""
        allowed = STYLES[self.agency].flags
        self.flags.update(f for f in flags if f in allowed)
        if self.recorded is None or day > self.recorded:
            self.recorded = day

    def flag_text(self) -> str:
        """Flags as the ``enum_list`` text, in the spec's order."""
        return ";".join(f for f in FLAG_ORDER if f in self.flags)


class Registry:
    """Every agency's views of people, created on first mention."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(f"{seed}:records")
        self.views: dict[str, dict[str, list[View]]] = {}
        self._counts: dict[str, int] = {}

    def view(self, agency: str, person: Person, day: date, flags: tuple[str, ...] = ()) -> View:
        """The agency's record of ``person`` (made now if new), updated on ``day``."""
        known = self.views.setdefault(agency, {})
        existing = known.get(person.pid)
        if existing is None:
            existing = [self._new_view(agency, person)]
            if self.rng.random() < 0.03:
                existing.append(self._new_view(agency, person))
            known[person.pid] = existing
        chosen = existing[0] if len(existing) == 1 or self.rng.random() < 0.7 else existing[1]
        chosen.touch(day, tuple(person.flags) + flags)
        return chosen

    def _new_view(self, agency: str, person: Person) -> View:
        style = STYLES[agency]
        number = self._counts.get(agency, 0) + 1
        self._counts[agency] = number
        ref = f"{style.ref_prefix}{self.rng.randrange(10)}{number:06d}"
        rng = self.rng
        first = person.first_name
        surname = person.surname
        if rng.random() < style.noise * 2:
            first = names.nickname(first, rng)
        if rng.random() < style.noise * 2:
            surname = names.surname_variant(surname, rng)
        if rng.random() < style.noise:
            surname = names.typo(surname, rng)
        if rng.random() < style.noise / 2:
            first = names.typo(first, rng)
        cols = dict.fromkeys(PERSON_COLUMNS, "")
        cols["person_ref"] = ref
        if style.names == "split_upper":
            cols["first_name"], cols["surname"] = first, surname.upper()
        elif style.names == "split":
            cols["first_name"], cols["surname"] = first, surname
        elif style.names == "comma":
            cols["full_name"] = f"{surname.upper()}, {first}"
        else:
            cols["full_name"] = f"{first} {surname}"
        aliases = [a for a in (person.street_name, names.nickname(person.first_name, rng)) if a]
        aliases = [a for a in dict.fromkeys(aliases) if a != first]
        if aliases and (agency == "leicestershire-police" or rng.random() < 0.2):
            cols["aliases"] = ";".join(aliases)
        cols["dob"] = self._dob(person.dob, style, rng)
        if rng.random() > style.noise:
            cols["gender"] = person.gender
        if person.phone and rng.random() < 0.5:
            cols["person_phone"] = names.format_phone(person.phone, rng)
        view = View(agency, ref, person, cols)
        if person.home is not None and agency != "crimestoppers":
            line, postcode = person.home.line, person.home.postcode.postcode
            earlier = self._earlier_home(person)
            if earlier is not None and rng.random() < STALE:
                line, postcode = earlier
            view.address = line if rng.random() > style.noise else ""
            view.postcode = postcode
            if rng.random() < style.noise:
                view.postcode = view.postcode.replace(" ", "").lower()
        return view

    def _earlier_home(self, person: Person) -> tuple[str, str] | None:
        """The home ``person`` lived at before (the same for every agency), if they moved."""
        rng = random.Random(f"{self.seed}:moved:{person.pid}")
        if person.home is None or rng.random() >= MOVED:
            return None
        here = person.home.postcode
        pool = _postcodes_in(here.la_code) if rng.random() < MOVED_LOCALLY else postcodes()
        there = rng.choice(pool)
        if there.postcode == here.postcode:
            return None
        return f"{rng.randrange(1, 160)} {there.street}", there.postcode

    @staticmethod
    def _dob(dob: date, style: Style, rng: random.Random) -> str:
        roll = rng.random()
        if roll < style.noise:
            return ""
        if roll < style.noise * 2:
            return str(dob.year)
        if roll < style.noise * 3:
            return (
                f"{dob.year}-{dob.month:02d}"
                if style.dates == "iso"
                else f"{dob.month:02d}/{dob.year}"
            )
        if roll < style.noise * 3.6 and dob.day <= 12 and dob.day != dob.month:
            dob = dob.replace(day=dob.month, month=dob.day)
        return format_date(dob, style.dates)

    def all_views(self) -> list[View]:
        """Every view, sorted by agency then ref."""
        out = [v for views in self.views.values() for vs in views.values() for v in vs]
        return sorted(out, key=lambda v: (v.agency, v.ref))


@cache
def _postcodes_in(la_code: str) -> tuple[Postcode, ...]:
    return tuple(p for p in postcodes() if p.la_code == la_code)
