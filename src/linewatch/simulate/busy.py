"""Busy benign addresses: the few places where most ordinary reports concentrate, no line.

Reports are not spread evenly over a town: about half of recorded crime falls on 2-6 % of
street segments, year after year (the "law of crime concentration", Weisburd 2015), and
anti-social behaviour repeats at a few addresses (a neighbour dispute, a problem household,
a hostel or supported housing, a pub, a late-night shop, a takeaway, repeat domestic
call-outs, a drug user's home where friends use). Rank-by-count is defeated by exactly these
places, and some of them have a vulnerable resident or drug use too. Nothing in the feeds
marks them: they give off the same kinds of records as anywhere else, only more of them,
for longer, and seldom the signs that set a cuckooed home apart (young people who are not
local, a deal line, intelligence naming a line, a sudden change at the address).

Each place has a heavy-tailed rate (a Pareto draw, shape :data:`PARETO_SHAPE`, around its
kind's median, capped at :data:`RATE_CAP` times it), a slow quarterly swing, and is either
chronic (busy all year, as it was before the window) or episodic (a spell of 8-40 weeks that
may begin before or during the window). See docs/simulator.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from linewatch.simulate.emit import Batch, add_community_report, stamp, when
from linewatch.simulate.line_week import HOUSING, TREATMENT
from linewatch.simulate.people import LEICESTERSHIRE, Person, Population
from linewatch.simulate.places import (
    IMPORTING_TOWNS,
    LA_COUNCIL,
    LA_SOCIAL_CARE,
    Address,
    Postcode,
    background_weights,
    postcodes,
    town_postcodes,
)
from linewatch.simulate.rand import moment, poisson
from linewatch.simulate.texts import BUSY_INTEL, fill
from linewatch.simulate.writers import POLICE

#: Busy places per unit of scale (scale 1 is LLR's size).
PLACES_PER_SCALE = 250
PARETO_SHAPE = 1.4
RATE_CAP = 12.0


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of busy place: its share, median reports a week, and what those reports are."""

    share: float
    median_per_week: float
    chronic: float  # the chance a place of this kind is busy all year
    channels: tuple[tuple[str, float], ...]  # report channel -> relative weight
    asb: tuple[str, ...]  # ASB categories, repeated for weight
    indicators: tuple[str, ...]  # indicator cells of its intelligence, repeated for weight
    in_town: float  # the chance it is in an importing town or estate (else anywhere)


KINDS: dict[str, Kind] = {
    "hostel": Kind(
        0.04, 0.30, 1.0,
        (("asb_housing", 45), ("asb_council", 20), ("intel_partner", 10), ("intel_police", 8),
         ("community", 5), ("treatment", 12)),
        ("drug_related", "noise", "noise", "intimidation", "nuisance_visitors", "criminal_damage"),
        ("", "", "drug_use_or_possession", "drug_use_or_possession", "asb_at_property"),
        0.7,
    ),
    "pub": Kind(
        0.08, 0.15, 1.0,
        (("asb_council", 75), ("community", 12), ("intel_police", 13)),
        ("noise", "noise", "intimidation", "litter", "vehicle_nuisance", "criminal_damage"),
        ("", "", "", "asb_at_property", "carrying_weapons"),
        0.6,
    ),
    "late_shop": Kind(
        0.08, 0.10, 1.0,
        (("asb_council", 75), ("community", 12), ("intel_police", 13)),
        ("noise", "litter", "intimidation", "nuisance_visitors", "drug_related", "other"),
        ("", "", "", "asb_at_property", "drug_use_or_possession"),
        0.6,
    ),
    "takeaway": Kind(
        0.06, 0.08, 1.0,
        (("asb_council", 80), ("community", 10), ("intel_police", 10)),
        ("noise", "litter", "litter", "vehicle_nuisance", "intimidation"),
        ("", "", "", "asb_at_property"),
        0.6,
    ),
    "problem_household": Kind(
        0.20, 0.12, 0.6,
        (("asb_council", 50), ("asb_housing", 20), ("intel_police", 10), ("missing", 12),
         ("community", 8)),
        ("noise", "noise", "intimidation", "criminal_damage", "nuisance_visitors", "litter"),
        ("", "", "asb_at_property", "asb_at_property", "unknown_young_people"),
        0.4,
    ),
    "neighbour_dispute": Kind(
        0.24, 0.25, 0.0,
        (("asb_council", 70), ("asb_housing", 15), ("community", 10), ("intel_police", 5)),
        ("noise", "noise", "intimidation", "other", "other", "vehicle_nuisance", "litter"),
        ("", "", "", "asb_at_property"),
        0.3,
    ),
    "domestic": Kind(
        0.18, 0.06, 0.3,
        (("intel_police", 55), ("asb_council", 30), ("intel_partner", 15)),
        ("noise", "noise", "intimidation", "other"),
        ("", "", "", "", "drug_use_or_possession"),
        0.3,
    ),
    "user_home": Kind(
        0.12, 0.12, 0.0,
        (("asb_council", 35), ("asb_housing", 15), ("community", 20), ("treatment", 15),
         ("intel_police", 10), ("intel_partner", 5)),
        ("drug_related", "drug_related", "nuisance_visitors", "noise", "litter"),
        ("", "drug_use_or_possession", "drug_use_or_possession", "visitors_short_stays",
         "asb_at_property"),
        0.5,
    ),
}  # fmt: skip
RESIDENTIAL = ("problem_household", "neighbour_dispute", "domestic", "user_home")
PREMISES = {
    "hostel": ("Hope House", "Brook Lodge", "St Martin's Court", "Phoenix House", "Ash Court"),
    "pub": ("The Red Lion", "The Crown", "The Plough", "The White Horse", "The Royal Oak"),
    "late_shop": ("Nisa Local", "Premier Stores", "Costcutter", "Londis", "Day-Today Express"),
    "takeaway": ("Golden Dragon", "Star Kebab House", "Spice Garden", "Chicken Hut", "Fish Bar"),
}
ASB_TEXT = {
    "noise": ("Loud music and shouting late at night", "Parties most weekends, noise until 4am"),
    "intimidation": ("Abusive to neighbours when asked to keep the noise down",
                     "Group outside being abusive to passers-by"),
    "criminal_damage": ("Fence kicked in again", "Windows broken at the property"),
    "litter": ("Rubbish and bottles left outside", "Bins overflowing, rubbish in the street"),
    "vehicle_nuisance": ("Cars parked across driveways", "Engines revving outside late at night"),
    "nuisance_visitors": ("Friends coming and going late at night",
                          "People hanging around outside at all hours"),
    "drug_related": ("Smell of cannabis from the property", "People using drugs outside"),
    "other": ("Ongoing dispute with the neighbours", "Complaint about the neighbours' CCTV"),
}  # fmt: skip


@dataclass
class BusyPlace:
    """One busy benign address and who lives there (no one, for premises)."""

    kind: str
    address: Address
    rate: float  # reports a week at its busiest
    start: date | None  # None: busy since before the window
    end: date | None  # None: still busy at its end
    residents: list[Person] = field(default_factory=list)
    swing: list[float] = field(default_factory=list)  # a multiplier per quarter

    def rate_in(self, week_start: date, window_start: date) -> float:
        """Mean reports in the week starting ``week_start``."""
        if self.start is not None and week_start < self.start:
            return 0.0
        if self.end is not None and week_start >= self.end:
            return 0.0
        quarter = min(len(self.swing) - 1, max(0, (week_start - window_start).days // 91))
        return self.rate * self.swing[quarter]


def _pareto(rng: random.Random) -> float:
    """A heavy-tailed multiplier with median 1, capped at :data:`RATE_CAP`."""
    median = math.pow(2, 1 / PARETO_SHAPE)
    return min(RATE_CAP, math.pow(1 - rng.random(), -1 / PARETO_SHAPE) / median)


def _postcode(rng: random.Random, in_town: float) -> Postcode:
    if rng.random() < in_town:
        return rng.choice(town_postcodes(rng.choice(IMPORTING_TOWNS).name))
    return rng.choices(postcodes(), cum_weights=background_weights())[0]


@contextmanager
def _drawing_from(pop: Population, rng: random.Random) -> Iterator[None]:
    """Create people from ``rng``, so busy places do not reshuffle the other parts."""
    saved, pop.rng = pop.rng, rng
    try:
        yield
    finally:
        pop.rng = saved


def build_places(
    pop: Population, scale: float, start: date, end: date, rng: random.Random
) -> list[BusyPlace]:
    """The scenario's busy places and their residents (added to the background pools)."""
    names = list(KINDS)
    shares = [KINDS[k].share for k in names]
    weeks = max(1, (end - start).days // 7)
    places = []
    with _drawing_from(pop, rng):
        for _ in range(max(3, round(PLACES_PER_SCALE * scale))):
            kind_name = rng.choices(names, weights=shares)[0]
            kind = KINDS[kind_name]
            pc = _postcode(rng, kind.in_town)
            address = _address(pop, rng, kind_name, pc)
            first, last = None, None
            if rng.random() >= kind.chronic:
                first = start + timedelta(weeks=rng.randrange(-26, weeks))
                last = first + timedelta(weeks=rng.randrange(8, 41))
            place = BusyPlace(kind_name, address, kind.median_per_week * _pareto(rng), first, last)
            place.swing = [rng.lognormvariate(0, 0.3) for _ in range(weeks // 13 + 2)]
            place.residents = _residents(pop, rng, kind_name, address)
            places.append(place)
    return places


def _address(pop: Population, rng: random.Random, kind: str, pc: Postcode) -> Address:
    if kind in RESIDENTIAL:
        return pop.address(pc)
    return pop.premises(f"{rng.choice(PREMISES[kind])}, {rng.randrange(1, 160)}", pc)


def _residents(pop: Population, rng: random.Random, kind: str, home: Address) -> list[Person]:
    """Who lives there: hostel residents, a household, a resident; none at premises."""
    people: list[Person] = []
    if kind == "hostel":
        for _ in range(rng.randrange(4, 12)):
            p = pop.vulnerable_adult(home.postcode, user=rng.random() < 0.6)
            p.social_tenant = True
            (pop.users if "drug_user" in p.roles else pop.vulnerable).append(p)
            people.append(p)
    elif kind == "problem_household":
        adult = pop.vulnerable_adult(home.postcode, user=rng.random() < 0.3)
        if rng.random() < 0.5:
            adult.flags = [f for f in adult.flags if f not in ("adult_at_risk", "older_isolated")]
        (pop.users if "drug_user" in adult.roles else pop.vulnerable).append(adult)
        people.append(adult)
        for _ in range(rng.randrange(1, 4)):
            child = pop.child(home.postcode, rng.randrange(11, 18))
            if "missing_history" not in child.flags and rng.random() < 0.5:
                child.flags = sorted({*child.flags, "missing_history"})
            pop.children.append(child)
            people.append(child)
    elif kind == "user_home":
        p = pop.vulnerable_adult(home.postcode, user=True)
        pop.users.append(p)
        people.append(p)
    elif kind == "domestic":
        p = pop.vulnerable_adult(home.postcode, user=False)
        p.flags = sorted(
            {"domestic_abuse_victim"}
            | ({"mental_health"} if rng.random() < 0.3 else set())
            | ({"substance_use"} if rng.random() < 0.2 else set())
        )
        pop.vulnerable.append(p)
        people.append(p)
    elif kind == "neighbour_dispute":
        if rng.random() < 0.3:
            p = pop.vulnerable_adult(home.postcode, user=False)
            pop.vulnerable.append(p)
        else:
            p = pop.person(rng.randrange(25, 80))
            p.add_role("background")
            pop.residents.append(p)
        people.append(p)
    for p in people:
        p.home = home
        p.add_role("busy_address_resident")
    return people


class BusyWeek:
    """One week of reports at every busy place."""

    def __init__(
        self,
        batch: Batch,
        places: list[BusyPlace],
        window_start: date,
        week_start: date,
        rng: random.Random,
    ) -> None:
        self.b, self.places, self.start, self.ws, self.rng = (
            batch,
            places,
            window_start,
            week_start,
            rng,
        )

    def run(self) -> None:
        """Every place's reports for the week."""
        rng = self.rng
        for place in self.places:
            kind = KINDS[place.kind]
            channels = [c for c, _ in kind.channels]
            weights = [w for _, w in kind.channels]
            for _ in range(poisson(rng, place.rate_in(self.ws, self.start))):
                channel = rng.choices(channels, weights=weights)[0]
                getattr(self, channel)(place, kind)

    def _resident(self, place: BusyPlace, adults: bool = True) -> Person | None:
        pool = [p for p in place.residents if not adults or "child" not in p.flags]
        return self.rng.choice(pool) if pool else None

    def asb_council(self, place: BusyPlace, kind: Kind) -> None:
        self._asb(LA_COUNCIL[place.address.postcode.la_code], place, kind)

    def asb_housing(self, place: BusyPlace, kind: Kind) -> None:
        tenant = place.kind == "hostel" or any(p.social_tenant for p in place.residents)
        agency = HOUSING if tenant else LA_COUNCIL[place.address.postcode.la_code]
        self._asb(agency, place, kind)

    def _asb(self, agency: str, place: BusyPlace, kind: Kind) -> None:
        rng = self.rng
        at = moment(rng, self.ws + timedelta(days=rng.randrange(7)))
        pc = place.address.postcode
        category = rng.choice(kind.asb)
        row = {
            "agency": agency,
            "reported_at": stamp(at, agency),
            "category": category,
            "description": rng.choice(ASB_TEXT[category]),
            "address": place.address.line if rng.random() < 0.95 else "",
            "postcode": pc.postcode if rng.random() < 0.95 else "",
            "reporter_type": rng.choice(("resident", "resident", "anonymous", "officer", "other")),
        }
        if rng.random() < 0.4:
            row["easting"], row["northing"] = str(pc.easting), str(pc.northing)
        person = self._resident(place) if rng.random() < 0.4 else None
        self.b.add(at, agency, "asb", row, person=person)

    def community(self, place: BusyPlace, kind: Kind) -> None:
        rng = self.rng
        at = when(rng, self.ws)
        concerns = ("other", "other", "other", "drug_dealing")
        if place.kind == "user_home":
            concerns = ("other", "drug_dealing", "drug_dealing", "cuckooing")
        concern = rng.choice(concerns)
        address = place.address
        add_community_report(self.b, rng, at, concern, address.line, address.postcode.postcode, 0.6)

    def intel_police(self, place: BusyPlace, kind: Kind) -> None:
        self._intel(POLICE, place, kind)

    def intel_partner(self, place: BusyPlace, kind: Kind) -> None:
        la = place.address.postcode.la_code
        agency = {
            "hostel": HOUSING,
            "user_home": TREATMENT,
        }.get(place.kind, LA_SOCIAL_CARE[la])
        self._intel(agency, place, kind)

    def _intel(self, agency: str, place: BusyPlace, kind: Kind) -> None:
        rng = self.rng
        at = when(rng, self.ws, office=agency != POLICE)
        text = fill(rng.choice(BUSY_INTEL[place.kind]), rng, address=place.address.line)
        subject = self._resident(place)
        row = {
            "agency": agency,
            "submitted_at": stamp(at, agency),
            "text": text,
            "address": place.address.line if rng.random() < 0.5 else "",
            "postcode": place.address.postcode.postcode if rng.random() < 0.8 else "",
            "subjects": self.b.registry.view(agency, subject, at.date()).ref
            if subject is not None and rng.random() < 0.5
            else "",
            "indicators": rng.choice(kind.indicators),
        }
        if agency == POLICE:
            row["occurred_at"] = stamp(at, agency)
            row["source_evaluation"] = rng.choice("1222233")
            row["intelligence_assessment"] = rng.choice("ABBCCCDDE")
            row["handling_code"] = "P"
            row["sensitivity"] = "standard"
        else:
            row["sensitivity"] = "sensitive"
        self.b.add(at, agency, "intelligence", row)

    def missing(self, place: BusyPlace, kind: Kind) -> None:
        """A child of the household goes missing and is found at home or nearby."""
        rng = self.rng
        children = [p for p in place.residents if "child" in p.flags]
        if not children:
            return
        child = rng.choice(children)
        found = when(rng, self.ws)
        reported = found - timedelta(hours=rng.randrange(3, 48))
        agency = POLICE if rng.random() < 0.7 else LA_SOCIAL_CARE[place.address.postcode.la_code]
        row = {
            "agency": agency,
            "home_force": LEICESTERSHIRE,
            "reported_missing_at": stamp(reported, agency),
            "found_at": stamp(found, agency),
            "found_location": rng.choice(
                ("returned home", f"returned to {place.address.line}", "at a friend's address")
            ),
            "found_postcode": place.address.postcode.postcode,
            "risk_level": rng.choice(("no_apparent_risk", "low", "low", "medium")),
        }
        self.b.add(found, agency, "missing-episodes", row, person=child, flags=("missing_history",))

    def treatment(self, place: BusyPlace, kind: Kind) -> None:
        """A resident's treatment referral (missed appointments are common anyway)."""
        rng = self.rng
        users = [p for p in place.residents if "substance_use" in p.flags]
        if not users:
            return
        person = rng.choice(users)
        at = when(rng, self.ws, office=True)
        self.b.add(
            at,
            TREATMENT,
            "treatment-referrals",
            {
                "agency": TREATMENT,
                "referred_at": stamp(at, TREATMENT),
                "postcode": place.address.postcode.postcode,
                "address": place.address.line if rng.random() < 0.5 else "",
                "referral_source": rng.choice(("self", "gp", "housing", "social_care", "other")),
                "substance": rng.choice(("alcohol", "alcohol", "heroin", "crack_cocaine", "spice")),
                "outcome": rng.choice(("engaged", "engaged", "not_engaged", "pending")),
                "missed_appointments": str(rng.choice((0, 0, 1, 1, 2, 3, 4))),
            },
            person=person,
            flags=("substance_use",),
        )
