"""Ordinary activity unrelated to any line: crime, ASB, drug use, missing children, referrals.

Weekly counts are Poisson with means ``RATES[kind] * scale``; places are weighted towards
deprived neighbourhoods, so background and line signals overlap.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from linewatch.simulate import names, texts
from linewatch.simulate.emit import (
    Batch,
    add_community_report,
    add_street,
    phones_text,
    stamp,
    stop_search_row,
    when,
)
from linewatch.simulate.line_events import HOUSING, TREATMENT
from linewatch.simulate.people import LEICESTERSHIRE, Person, Population
from linewatch.simulate.places import LA_COUNCIL, LA_SOCIAL_CARE, Postcode
from linewatch.simulate.rand import moment, poisson
from linewatch.simulate.writers import POLICE

#: Mean rows per week at scale 1, scattered over the area. ASB, police intelligence and
#: community reports were 48, 16, 38 and 5 before simulator 1.1.0; the difference now falls on
#: busy benign addresses (``busy.py``), so the totals are about the same but concentrated.
RATES: dict[str, float] = {
    "street": 1850.0,
    "stop_search": 110.0,
    "asb_council": 34.0,
    "asb_housing": 11.0,
    "needles": 7.0,
    "intel_police": 34.0,
    "intel_partner": 12.0,
    "missing": 7.0,
    "seizures": 6.0,
    "arrests": 14.0,
    "treatment": 28.0,
    "community": 4.0,
}
#: police.uk crime types with their share of Leicestershire's street file (2020-21).
CRIME_TYPES = (
    ("Violence and sexual offences", 8414),
    ("Anti-social behaviour", 3049),
    ("Public order", 2444),
    ("Criminal damage and arson", 2426),
    ("Other theft", 1733),
    ("Vehicle crime", 1661),
    ("Burglary", 1238),
    ("Shoplifting", 795),
    ("Drugs", 721),
    ("Other crime", 541),
    ("Bicycle theft", 333),
    ("Robbery", 191),
    ("Theft from the person", 177),
    ("Possession of weapons", 166),
)
_TYPE_NAMES = tuple(t for t, _ in CRIME_TYPES)
_TYPE_CUM = tuple(sum(w for _, w in CRIME_TYPES[: i + 1]) for i in range(len(CRIME_TYPES)))
OTHER_FORCES = (
    "Northamptonshire Police",
    "Derbyshire Constabulary",
    "Warwickshire Police",
    "Lincolnshire Police",
    "West Midlands Police",
    "Nottinghamshire Police",
)


class BackgroundWeek:
    """Emits one week of background rows."""

    def __init__(
        self, batch: Batch, pop: Population, scale: float, week_start: date, rng: random.Random
    ) -> None:
        self.b, self.pop, self.scale, self.ws, self.rng = batch, pop, scale, week_start, rng

    def count(self, kind: str) -> int:
        """How many rows of ``kind`` this week."""
        return poisson(self.rng, RATES[kind] * self.scale)

    def place(self) -> Postcode:
        """A background location."""
        return self.pop.random_postcode()

    def run(self) -> None:
        """Every background kind for the week."""
        rng = self.rng
        for _ in range(self.count("street")):
            at = when(rng, self.ws)
            kind = rng.choices(_TYPE_NAMES, cum_weights=_TYPE_CUM)[0]
            add_street(self.b, rng, at, self.place(), kind)
        for _ in range(self.count("stop_search")):
            at = when(rng, self.ws)
            age = rng.choice((15, 17, 19, 22, 26, 31, 40))
            gender = "male" if rng.random() < 0.88 else "female"
            row = stop_search_row(rng, at, self.place(), gender, age, rng.random() < 0.25)
            self.b.add(at, POLICE, "police-uk-stop-search", row)
        for _ in range(self.count("asb_council")):
            pc = self.place()
            self.asb(LA_COUNCIL[pc.la_code], pc)
        for _ in range(self.count("asb_housing")):
            self.asb(HOUSING, self.place())
        for _ in range(self.count("needles")):
            self.needles()
        for _ in range(self.count("intel_police")):
            self.intel(POLICE)
        for _ in range(self.count("intel_partner")):
            self.intel(
                rng.choice(
                    (HOUSING, TREATMENT, "leicestershire-county-council", "leicester-city-council")
                )
            )
        for _ in range(self.count("missing")):
            self.missing()
        for _ in range(self.count("seizures")):
            self.seizure()
        for _ in range(self.count("arrests")):
            self.arrest()
        for _ in range(self.count("treatment")):
            self.treatment()
        for _ in range(self.count("community")):
            self.community()

    def _someone(self, pool: list[Person]) -> Person:
        return self.rng.choice(pool)

    def asb(self, agency: str, pc: Postcode) -> None:
        """An ordinary ASB report; about a third name a person."""
        rng = self.rng
        at = moment(rng, self.ws + timedelta(days=rng.randrange(7)))
        category = rng.choice(
            (
                "noise",
                "noise",
                "noise",
                "litter",
                "criminal_damage",
                "nuisance_visitors",
                "vehicle_nuisance",
                "intimidation",
                "drug_related",
                "other",
            )
        )
        row = {
            "agency": agency,
            "reported_at": stamp(at, agency),
            "category": category,
            "description": rng.choice(
                (
                    "Loud music late at night",
                    "Dog barking all day",
                    "Fly-tipping in the alley",
                    "Youths congregating and shouting",
                    "Neighbour dispute over parking",
                    "Cannabis smell from next door",
                    "Graffiti on garages",
                    "Visitors at all hours",
                    "Car revving engine at night",
                )
            ),
            "address": f"{rng.randrange(1, 160)} {pc.street}" if rng.random() < 0.8 else "",
            "postcode": pc.postcode if rng.random() < 0.9 else "",
            "reporter_type": rng.choice(("resident", "resident", "anonymous", "officer", "other")),
        }
        if rng.random() < 0.4:
            row["easting"], row["northing"] = str(pc.easting), str(pc.northing)
        person = None
        if rng.random() < 0.3:
            person = self._someone(self.pop.asb_people)
        self.b.add(at, agency, "asb", row, person=person)

    def needles(self) -> None:
        """A needle find somewhere ordinary."""
        rng = self.rng
        pc = self.place()
        at = when(rng, self.ws, office=True)
        agency = LA_COUNCIL[pc.la_code] if rng.random() < 0.85 else HOUSING
        setting = rng.choice(("park", "street", "car_park", "playground", "stairwell", "other"))
        self.b.add(
            at,
            agency,
            "needle-finds",
            {
                "agency": agency,
                "found_at": stamp(at, agency),
                "location_description": f"{setting.replace('_', ' ')}, {pc.street}",
                "postcode": pc.postcode if rng.random() < 0.8 else "",
                "easting": str(pc.easting),
                "northing": str(pc.northing),
                "count": str(rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 10))),
                "setting": setting,
            },
        )

    def intel(self, agency: str) -> None:
        """Unrelated intelligence (police graded, partners ungraded)."""
        rng = self.rng
        at = when(rng, self.ws, office=agency != POLICE)
        pc = self.place()
        person = self._someone(self.pop.offenders)
        phone = person.phone or names.new_mobile(rng, self.pop.phones)
        vrm = names.format_vrm(self.pop.vehicle(), rng)
        text = texts.fill(
            rng.choice(texts.BACKGROUND_INTEL),
            rng,
            address=f"{rng.randrange(1, 160)} {pc.street}",
            street=pc.street,
            name=f"{person.first_name} {person.surname}",
            vrm=vrm,
            phone=names.format_phone(phone, rng),
        )
        view = self.b.registry.view(agency, person, at.date())
        row = {
            "agency": agency,
            "submitted_at": stamp(at, agency),
            "text": text,
            "postcode": pc.postcode if rng.random() < 0.6 else "",
            "subjects": view.ref if rng.random() < 0.6 else "",
            "vehicles": vrm if vrm in text and rng.random() < 0.5 else "",
            "phones": phones_text(rng, [phone]) if rng.random() < 0.3 else "",
            "indicators": rng.choice(
                (
                    "",
                    "",
                    "drug_use_or_possession",
                    "asb_at_property",
                    "carrying_weapons",
                    "gang_association",
                )
            ),
        }
        if agency == POLICE:
            row["occurred_at"] = stamp(at, agency)
            row["source_evaluation"] = rng.choice("1222233")
            row["intelligence_assessment"] = rng.choice("ABBCCCDDE")
            row["handling_code"] = "P"
            row["sensitivity"] = "standard"
        self.b.add(at, agency, "intelligence", row)

    def missing(self) -> None:
        """A missing episode unrelated to any line (mostly local children; some from away)."""
        rng = self.rng
        child = self._someone(self.pop.children)
        found = when(rng, self.ws)
        reported = found - timedelta(hours=rng.randrange(3, 72))
        home_force = LEICESTERSHIRE if rng.random() < 0.92 else rng.choice(OTHER_FORCES)
        agency = POLICE
        if child.home is not None and rng.random() < 0.3:
            agency = LA_SOCIAL_CARE[child.home.postcode.la_code]
        pc = child.home.postcode if child.home and rng.random() < 0.5 else self.place()
        row = {
            "agency": agency,
            "home_force": home_force,
            "reported_missing_at": stamp(reported, agency),
            "found_at": stamp(found, agency) if rng.random() < 0.97 else "",
            "found_location": rng.choice(
                (
                    "returned home",
                    "at a friend's address",
                    f"near {pc.street}",
                    "at a relative's house",
                )
            ),
            "found_postcode": pc.postcode,
            "risk_level": rng.choice(("no_apparent_risk", "low", "medium", "medium", "high")),
        }
        self.b.add(found, agency, "missing-episodes", row, person=child, flags=("missing_history",))

    def seizure(self) -> None:
        """A small personal-use seizure, mostly cannabis."""
        rng = self.rng
        at = when(rng, self.ws)
        pc = self.place()
        person = self._someone(self.pop.offenders)
        drug = rng.choice(
            (
                "cannabis",
                "cannabis",
                "cannabis",
                "cocaine",
                "mdma",
                "ketamine",
                "spice",
                "heroin",
                "crack_cocaine",
                "benzodiazepines",
            )
        )
        unit = (
            "plants"
            if drug == "cannabis" and rng.random() < 0.1
            else ("tablets" if drug in ("mdma", "benzodiazepines") else "g")
        )
        self.b.add(
            at,
            POLICE,
            "drug-seizures",
            {
                "agency": POLICE,
                "seized_at": stamp(at, POLICE),
                "postcode": pc.postcode,
                "easting": str(pc.easting),
                "northing": str(pc.northing),
                "drug_type": drug,
                "quantity": f"{rng.uniform(0.2, 30):.2f}"
                if unit == "g"
                else str(rng.randrange(1, 40)),
                "unit": unit,
            },
            person=person,
        )

    def arrest(self) -> None:
        """An ordinary arrest."""
        rng = self.rng
        at = when(rng, self.ws)
        person = self._someone(self.pop.offenders)
        pc = person.home.postcode if person.home else self.place()
        offence = rng.choice(
            (
                "violence",
                "violence",
                "other",
                "other",
                "possession_class_b",
                "possession_class_a",
                "possession_of_weapon",
                "pwits_class_b",
            )
        )
        self.b.add(
            at,
            POLICE,
            "arrests",
            {
                "agency": POLICE,
                "arrested_at": stamp(at, POLICE),
                "offence": offence,
                "postcode": pc.postcode,
                "outcome": rng.choice(
                    (
                        "charged",
                        "bailed",
                        "released_under_investigation",
                        "no_further_action",
                        "cautioned",
                    )
                ),
            },
            person=person,
        )

    def treatment(self) -> None:
        """A treatment referral of a local drug or alcohol user."""
        rng = self.rng
        at = when(rng, self.ws, office=True)
        person = self._someone(self.pop.users)
        home = person.home
        self.b.add(
            at,
            TREATMENT,
            "treatment-referrals",
            {
                "agency": TREATMENT,
                "referred_at": stamp(at, TREATMENT),
                "postcode": home.postcode.postcode if home else "",
                "address": home.line if home and rng.random() < 0.5 else "",
                "referral_source": rng.choice(
                    (
                        "self",
                        "self",
                        "gp",
                        "criminal_justice",
                        "police",
                        "social_care",
                        "housing",
                        "other",
                    )
                ),
                "substance": rng.choice(
                    (
                        "alcohol",
                        "alcohol",
                        "heroin",
                        "crack_cocaine",
                        "cannabis",
                        "cocaine",
                        "benzodiazepines",
                        "spice",
                        "amphetamine",
                    )
                ),
                "outcome": rng.choice(("engaged", "engaged", "not_engaged", "pending", "declined")),
                "missed_appointments": str(rng.choice((0, 0, 0, 1, 1, 2, 3, 5))),
            },
            person=person,
            flags=("substance_use",),
        )

    def community(self) -> None:
        """A community report about something ordinary (or a wrong guess about dealing)."""
        rng = self.rng
        at = when(rng, self.ws)
        pc = self.place()
        concern = rng.choice(("other", "other", "drug_dealing", "drug_dealing", "cuckooing"))
        address = f"{rng.randrange(1, 160)} {pc.street}"
        add_community_report(self.b, rng, at, concern, address, pc.postcode, 0.6)


def initial_records(batch: Batch, pop: Population, start: date, rng: random.Random) -> None:
    """Agencies' records of vulnerable adults and children known before the window."""
    for person in pop.vulnerable + pop.users + pop.children:
        if person.home is None:
            continue
        day = start - timedelta(days=rng.randrange(1, 900))
        la = person.home.postcode.la_code
        if "child" in person.flags or "drug_user" not in person.roles:
            batch.registry.view(LA_SOCIAL_CARE[la], person, day)
        if person.social_tenant and "child" not in person.flags:
            batch.registry.view(HOUSING, person, day)
        if person.in_treatment:
            batch.registry.view(TREATMENT, person, day, ("substance_use",))
    for person in pop.residents:
        if rng.random() < 0.15 and person.home is not None:
            batch.registry.view(POLICE, person, start - timedelta(days=rng.randrange(1, 2000)))
