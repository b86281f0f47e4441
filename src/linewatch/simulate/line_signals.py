"""Line events that agencies notice: intelligence, ASB, needles, community and partner
reports, street crime and treatment referrals around a line and its cuckooed homes."""

from __future__ import annotations

from datetime import datetime

from linewatch.simulate import texts
from linewatch.simulate.emit import add_community_report, add_street, days, phones_text, stamp, when
from linewatch.simulate.line_week import (
    HOUSING,
    PARTNER_KIND,
    TREATMENT,
    LineWeekBase,
)
from linewatch.simulate.lines import Cuckoo
from linewatch.simulate.people import Person
from linewatch.simulate.places import LA_COUNCIL, LA_SOCIAL_CARE, nearby, town_postcodes
from linewatch.simulate.rand import moment, poisson
from linewatch.simulate.writers import POLICE


class SignalEvents(LineWeekBase):
    """The signals a line gives off in a week."""

    def police_intel(self, moment_: datetime | None = None) -> None:
        """A graded police intelligence report about the line."""
        rng, line = self.rng, self.line
        at = moment_ or when(rng, self.ws)
        template = rng.choice(texts.LINE_INTEL)
        values = self._values()
        cuckoo = rng.choice(line.cuckoos) if line.cuckoos and "{address}" in template else None
        subjects = []
        if "{nick}" in template and rng.random() < 0.5:
            person = rng.choice(line.people("runner") + line.people("holder"))
            view = self.b.registry.view(POLICE, person, at.date())
            subjects.append(view.ref)
        row = {
            "agency": POLICE,
            "submitted_at": stamp(at + days(rng.randrange(0, 3)), POLICE),
            "occurred_at": stamp(at, POLICE),
            "text": texts.fill(template, rng, **values),
            "address": cuckoo.address.line if cuckoo else "",
            "postcode": cuckoo.address.postcode.postcode if cuckoo else "",
            "phones": phones_text(rng, [self._number()]) if "{phone}" in template else "",
            "vehicles": values["vrm"] if "{vrm}" in template else "",
            "subjects": ";".join(subjects),
            "indicators": rng.choice(
                (
                    "",
                    "visitors_short_stays",
                    "unknown_young_people;secretive_travel",
                    "open_dealing_nearby",
                    "vehicles_short_stays",
                )
            ),
            "source_evaluation": rng.choice("11222223"),
            "intelligence_assessment": rng.choice("AABBBCCDE"),
            "handling_code": "P" if rng.random() < 0.85 else "C",
            "sensitivity": rng.choice(("standard", "standard", "sensitive", "restricted")),
        }
        if row["handling_code"] == "C":
            row["handling_conditions"] = (
                "Not to be disclosed outside the partnership without FIB approval."
            )
        self.b.add(at + days(rng.randrange(0, 3)), POLICE, "intelligence", row, line.line_id)

    def cuckoo_signals(self, cuckoo: Cuckoo) -> None:
        """What neighbours, councils, housing and treatment notice around a taken-over home."""
        rng, line = self.rng, self.line
        weeks_in = max(0.0, (self.ws - cuckoo.start).days / 7)
        ramp = min(1.0, 0.2 + weeks_in / 10)
        pc = cuckoo.address.postcode
        council = LA_COUNCIL[pc.la_code]
        for _ in range(poisson(rng, 0.45 * ramp)):
            self.asb(council, cuckoo, rng.random() < 0.4)
        if cuckoo.resident.social_tenant:
            for _ in range(poisson(rng, 0.3 * ramp)):
                self.asb(HOUSING, cuckoo, False)
        for _ in range(poisson(rng, 0.15 * ramp)):
            self.needles(cuckoo)
        for _ in range(poisson(rng, 0.08 * ramp)):
            at = when(rng, self.ws)
            concern = rng.choice(("cuckooing", "cuckooing", "drug_dealing", "child_exploitation"))
            add_community_report(
                self.b, rng, at, concern, cuckoo.address.line, pc.postcode, 0.7, line.line_id
            )
        for _ in range(poisson(rng, 0.35 * ramp)):
            kind = rng.choice(
                (
                    "Drugs",
                    "Anti-social behaviour",
                    "Public order",
                    "Violence and sexual offences",
                    "Criminal damage and arson",
                    "Possession of weapons",
                )
            )
            add_street(self.b, rng, when(rng, self.ws), pc, kind, line.line_id)
        for _ in range(poisson(rng, 0.07 * ramp)):
            agency = rng.choice((HOUSING, LA_SOCIAL_CARE[pc.la_code], TREATMENT))
            self.partner_intel(agency, cuckoo)
        resident = cuckoo.resident
        if resident.in_treatment and int(weeks_in) % 6 == 2:
            self.treatment(
                resident,
                rng.choice(("self", "housing", "social_care")),
                missed=int(weeks_in // 2) + rng.randrange(3),
            )

    def asb(self, agency: str, cuckoo: Cuckoo, named: bool) -> None:
        """An ASB report about the cuckooed address (sometimes naming a runner)."""
        rng = self.rng
        at = moment(rng, self.ws + days(rng.randrange(7)))
        pc = cuckoo.address.postcode
        category = rng.choice(
            (
                "nuisance_visitors",
                "nuisance_visitors",
                "drug_related",
                "noise",
                "vehicle_nuisance",
                "intimidation",
                "litter",
            )
        )
        row = {
            "agency": agency,
            "reported_at": stamp(at, agency),
            "category": category,
            "description": rng.choice(
                (
                    "Constant callers at the property day and night",
                    "People dealing from the flat, resident not seen",
                    "Cars pulling up for a couple of minutes then leaving",
                    "Shouting and banging doors, young lads not from round here",
                    "Needles and foil left on the stairs",
                )
            ),
            "address": cuckoo.address.line,
            "postcode": pc.postcode,
            "reporter_type": rng.choice(("resident", "resident", "anonymous", "officer")),
        }
        if rng.random() < 0.5:
            row["easting"], row["northing"] = str(pc.easting), str(pc.northing)
        who: Person | None = None
        if named and self.line.people("runner"):
            who = rng.choice(self.line.people("runner"))
        self.b.add(at, agency, "asb", row, self.line.line_id, who)

    def needles(self, cuckoo: Cuckoo) -> None:
        """Needles found near the address."""
        rng = self.rng
        at = when(rng, self.ws, office=True)
        pc = rng.choice(
            nearby(cuckoo.address.postcode, town_postcodes(self.line.towns[0].name), 0.4)
        )
        agency = LA_COUNCIL[pc.la_code]
        setting = rng.choice(("stairwell", "street", "garden", "park", "car_park"))
        self.b.add(
            at,
            agency,
            "needle-finds",
            {
                "agency": agency,
                "found_at": stamp(at, agency),
                "location_description": f"{setting.replace('_', ' ')} near {pc.street}",
                "postcode": pc.postcode,
                "easting": str(pc.easting + rng.randrange(-40, 41)),
                "northing": str(pc.northing + rng.randrange(-40, 41)),
                "count": str(rng.choice((1, 1, 2, 3, 5, 8, 12))),
                "setting": setting,
            },
            self.line.line_id,
        )

    def partner_intel(self, agency: str, cuckoo: Cuckoo) -> None:
        """Ungraded intelligence from a partner agency, about the resident or a runner."""
        rng = self.rng
        at = when(rng, self.ws, office=True)
        kind = PARTNER_KIND.get(agency, "safeguarding")
        values = self._values(cuckoo)
        subject = cuckoo.resident
        if kind == "safeguarding" and [p for p in self.line.people("runner") if p.home]:
            subject = rng.choice([p for p in self.line.people("runner") if p.home])
        view = self.b.registry.view(agency, subject, at.date())
        indicators = {
            "housing": "resident_not_seen;visitors_short_stays;damage_or_door_propped",
            "treatment": "visitors_short_stays;drug_litter",
            "safeguarding": "unexplained_money_or_phones;older_controlling_associates;"
            "leaving_home_without_explanation",
        }[kind]
        self.b.add(
            at,
            agency,
            "intelligence",
            {
                "agency": agency,
                "submitted_at": stamp(at, agency),
                "text": texts.fill(rng.choice(texts.PARTNER_INTEL[kind]), rng, **values),
                "address": cuckoo.address.line,
                "postcode": cuckoo.address.postcode.postcode,
                "subjects": view.ref,
                "indicators": indicators,
                "sensitivity": "sensitive",
            },
            self.line.line_id,
        )

    def treatment(self, person: Person, source: str, missed: int | None = None) -> None:
        """A treatment referral for a customer or a cuckooed resident."""
        rng = self.rng
        at = when(rng, self.ws, office=True)
        home = person.home
        self.b.add(
            at,
            TREATMENT,
            "treatment-referrals",
            {
                "agency": TREATMENT,
                "referred_at": stamp(at, TREATMENT),
                "postcode": home.postcode.postcode if home else "",
                "address": home.line if home and rng.random() < 0.6 else "",
                "referral_source": source,
                "substance": rng.choice(("heroin", "crack_cocaine", "heroin", "alcohol")),
                "outcome": "not_engaged"
                if missed and missed > 2
                else rng.choice(("engaged", "pending")),
                "missed_appointments": str(missed if missed is not None else rng.randrange(3)),
            },
            self.line.line_id,
            person,
            ("substance_use",),
        )
