"""What each agency sees of a county line in one week: signals, stops, missing children,
warrants, seizures, arrests, handset downloads and diversion into treatment."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from linewatch.simulate import names, texts
from linewatch.simulate.emit import (
    Batch,
    add_street,
    days,
    phones_text,
    stamp,
    stop_search_row,
    when,
)
from linewatch.simulate.lines import Cuckoo, Line
from linewatch.simulate.people import LEICESTERSHIRE, Person
from linewatch.simulate.places import LA_COUNCIL, LA_SOCIAL_CARE, Postcode, nearby, town_postcodes
from linewatch.simulate.rand import age_on, moment, poisson
from linewatch.simulate.writers import POLICE

HOUSING = "midshires-housing"
TREATMENT = "llr-recovery"
CRIMESTOPPERS = "crimestoppers"
PARTNER_KIND = {HOUSING: "housing", TREATMENT: "treatment"}


class LineWeek:
    """Emits one line's rows for one week."""

    def __init__(self, batch: Batch, line: Line, week_start: date, rng: random.Random) -> None:
        self.b = batch
        self.line = line
        self.ws = week_start
        self.we = week_start + timedelta(days=7)
        self.rng = rng
        self.mid = week_start + timedelta(days=3)

    def run(self) -> None:
        """All of the week's rows for the line."""
        line = self.line
        if line.start >= self.we or (line.closed is not None and line.closed <= self.ws):
            return
        age = (self.ws - line.start).days / 7
        strength = min(1.0, 0.25 + max(0.0, age) / 16)
        for _ in range(poisson(self.rng, 0.6 * strength)):
            self.police_intel()
        for cuckoo in line.cuckoos:
            if cuckoo.start < self.we and (cuckoo.end is None or cuckoo.end > self.ws):
                self.cuckoo_signals(cuckoo)
            if cuckoo.confirmed and self.ws <= cuckoo.confirmed < self.we:
                self.warrant(cuckoo, cuckoo.confirmed, full=cuckoo.confirmed == line.disrupted)
        for member in line.members:
            if member.role == "runner" and member.start < self.we:
                self.runner(member.person)
        users = line.people("user")
        for _ in range(poisson(self.rng, len(users) * 0.002)):
            self.treatment(self.rng.choice(users), "self", None)
        if line.disrupted and self.ws <= line.disrupted < self.we:
            self.disruption(line.disrupted)

    # -- helpers ---------------------------------------------------------------------------
    def _any_postcode(self) -> Postcode:
        return self.rng.choice(town_postcodes(self.rng.choice(self.line.towns).name))

    def _number(self) -> str:
        return self.line.number_on(self.mid) or self.line.numbers[-1][0]

    def _values(self, cuckoo: Cuckoo | None = None) -> dict[str, str]:
        rng, line = self.rng, self.line
        pool = line.people("runner") + line.people("holder")
        who = rng.choice(pool)
        address = cuckoo or (rng.choice(line.cuckoos) if line.cuckoos else None)
        return {
            "brand": line.brand,
            "town": line.towns[0].name.split(",")[0],
            "city": line.city,
            "phone": names.format_phone(self._number(), rng),
            "nick": texts.nick_for(who.first_name, who.street_name, rng),
            "address": address.address.line if address else "the town centre",
            "vrm": names.format_vrm(rng.choice(line.vehicles), rng),
        }

    # -- signals ---------------------------------------------------------------------------
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
            text = texts.fill(
                rng.choice(texts.COMMUNITY[concern]), rng, address=cuckoo.address.line
            )
            self.b.add(
                at,
                CRIMESTOPPERS,
                "community-reports",
                {
                    "agency": CRIMESTOPPERS,
                    "reported_at": stamp(at, CRIMESTOPPERS),
                    "concern": concern,
                    "text": text,
                    "address": cuckoo.address.line,
                    "postcode": pc.postcode if rng.random() < 0.7 else "",
                },
                line.line_id,
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

    # -- runners ---------------------------------------------------------------------------
    def runner(self, person: Person) -> None:
        """Stops, seizures and missing episodes of a runner."""
        rng, line = self.rng, self.line
        child = age_on(person.dob, self.mid) < 18
        if rng.random() < 0.05:
            at = when(rng, self.ws)
            pc = self._any_postcode()
            found = rng.random() < 0.4
            row = stop_search_row(rng, at, pc, person.gender, age_on(person.dob, at.date()), found)
            self.b.add(at, POLICE, "police-uk-stop-search", row, line_id=line.line_id)
            if found:
                self.seize(at, pc, None, [person], small=True)
                self.arrest(at, person, "pwits_class_a", pc, None)
        if child and rng.random() < (0.2 if person.home is None else 0.1):
            self.missing(person)

    def missing(self, person: Person) -> None:
        """A child runner reported missing at home and found in the importing town."""
        rng, line = self.rng, self.line
        found = moment(rng, self.ws + days(rng.randrange(7)))
        reported = found - timedelta(hours=rng.randrange(10, 140))
        cuckoo = rng.choice(line.cuckoos) if line.cuckoos and rng.random() < 0.4 else None
        pc = cuckoo.address.postcode if cuckoo else self._any_postcode()
        where = (
            f"found at {cuckoo.address.line} during a welfare check"
            if cuckoo
            else f"stopped near {pc.street}, {line.towns[0].name.split(',')[0]}"
        )
        home_force = person.home_force
        row = {
            "agency": POLICE,
            "home_force": home_force,
            "reported_missing_at": stamp(reported, POLICE),
            "found_at": stamp(found, POLICE),
            "found_location": where,
            "found_postcode": pc.postcode,
            "risk_level": rng.choice(("medium", "high", "high")),
        }
        if "missing_history" not in person.flags:
            person.flags = sorted({*person.flags, "missing_history"})
        self.b.add(found, POLICE, "missing-episodes", row, line.line_id, person)
        self.b.confirm(person, found.date())
        if person.home is not None and home_force == LEICESTERSHIRE:
            agency = LA_SOCIAL_CARE[person.home.postcode.la_code]
            copy = dict(
                row,
                agency=agency,
                reported_missing_at=stamp(reported, agency),
                found_at=stamp(found, agency),
            )
            for key in (
                "person_ref",
                "first_name",
                "surname",
                "full_name",
                "aliases",
                "dob",
                "gender",
                "person_phone",
            ):
                copy.pop(key, None)
            self.b.add(found + days(1), agency, "missing-episodes", copy, line.line_id, person)

    # -- enforcement -----------------------------------------------------------------------
    def seize(
        self,
        at: datetime,
        pc: Postcode,
        address: str | None,
        people: list[Person],
        small: bool = False,
    ) -> None:
        """Drug seizures (one row per drug type) with the handsets found."""
        rng, line = self.rng, self.line
        phones = [self._number()] if not small or rng.random() < 0.5 else []
        phones += [p.phone for p in people if p.phone and rng.random() < 0.5]
        for drug in line.drugs[: 1 if small else 3]:
            unit = rng.choice(("wraps", "g")) if drug in ("heroin", "crack_cocaine") else "g"
            qty = rng.randrange(3, 25) if small else rng.randrange(20, 200)
            value = f"{qty}" if unit == "wraps" else f"{qty * rng.uniform(0.15, 0.6):.2f}"
            self.b.add(
                at,
                POLICE,
                "drug-seizures",
                {
                    "agency": POLICE,
                    "seized_at": stamp(at, POLICE),
                    "address": address or "",
                    "postcode": pc.postcode,
                    "easting": str(pc.easting),
                    "northing": str(pc.northing),
                    "drug_type": drug,
                    "quantity": value,
                    "unit": unit,
                    "phones": phones_text(rng, phones),
                    "vehicles": rng.choice(line.vehicles) if rng.random() < 0.3 else "",
                },
                line.line_id,
                people[0] if people else None,
            )

    def arrest(
        self,
        at: datetime,
        person: Person,
        offence: str,
        pc: Postcode,
        address: str | None,
        outcome: str | None = None,
    ) -> None:
        """An arrest of a line member."""
        rng = self.rng
        child = age_on(person.dob, at.date()) < 18
        if outcome is None:
            outcome = (
                "released_under_investigation"
                if child
                else rng.choice(("charged", "bailed", "released_under_investigation"))
            )
        self.b.add(
            at,
            POLICE,
            "arrests",
            {
                "agency": POLICE,
                "arrested_at": stamp(at, POLICE),
                "offence": offence,
                "address": address or "",
                "postcode": pc.postcode,
                "phones": phones_text(rng, [p for p in (person.phone,) if p]),
                "vehicles": "",
                "outcome": outcome,
            },
            self.line.line_id,
            person,
            ("child",) if child else (),
        )
        if child or "runner" not in person.roles:
            self.b.confirm(person, at.date())

    def warrant(self, cuckoo: Cuckoo, day: date, full: bool) -> None:
        """A warrant at a cuckooed address: seizures, arrests, the resident safeguarded."""
        rng, line = self.rng, self.line
        at = datetime.combine(day, datetime.min.time()).replace(hour=rng.randrange(5, 8))
        pc = cuckoo.address.postcode
        present = [p for p in line.people("runner") if rng.random() < 0.6][:2]
        if full:
            present += [p for p in line.people("holder") if p not in present]
        self.seize(at, pc, cuckoo.address.line, present or [cuckoo.resident])
        for person in present:
            offence = "pwits_class_a" if rng.random() < 0.85 else "possession_of_weapon"
            outcome = None
            if person in line.people("holder"):
                outcome = "charged" if line.closure_type == 1 else "released_under_investigation"
            self.arrest(at, person, offence, pc, cuckoo.address.line, outcome)
        self.b.confirm(cuckoo.resident, day)
        self.police_intel(at + days(1))

    def disruption(self, day: date) -> None:
        """The line's disruption: the controller arrested, handsets downloaded, diversion."""
        rng, line = self.rng, self.line
        at = datetime.combine(day, datetime.min.time()).replace(hour=6, minute=rng.randrange(60))
        if not any(c.confirmed == day for c in line.cuckoos):
            pc = self._any_postcode()
            self.seize(at, pc, None, line.people("holder"))
            for holder in line.people("holder"):
                self.arrest(
                    at,
                    holder,
                    "pwits_class_a",
                    pc,
                    None,
                    "charged" if line.closure_type == 1 else "released_under_investigation",
                )
        if rng.random() < 0.5:
            controller = line.people("controller")[0]
            offence = "modern_slavery" if rng.random() < 0.3 else "pwits_class_a"
            self.arrest(
                at + days(rng.randrange(0, 5)),
                controller,
                offence,
                self._any_postcode(),
                None,
                "charged",
            )
        handset_ref = f"LP/EXH/{line.line_id}/{day.strftime('%Y%m%d')}"
        number = line.number_on(day - days(1)) or line.numbers[-1][0]
        contacts = [p for p in line.people("user") if p.phone and rng.random() < 0.7]
        contacts += [p for p in line.people("runner") + line.people("controller") if p.phone]
        for person in contacts:
            last = at - timedelta(hours=rng.randrange(1, 24 * 20))
            self.b.add(
                at + days(2),
                POLICE,
                "handset-contacts",
                {
                    "agency": POLICE,
                    "handset_ref": handset_ref,
                    "seized_at": stamp(at, POLICE),
                    "handset_number": number,
                    "contact_name": texts.nick_for(person.first_name, person.street_name, rng),
                    "phone": names.format_phone(person.phone or "", rng),
                    "message_count": str(rng.randrange(1, 400)),
                    "last_contact_at": stamp(last, POLICE),
                },
                line.line_id,
            )
        for person in line.people("user"):
            if person.phone and rng.random() < 0.12:
                self.ws_later(rng.randrange(1, 5)).treatment(person, "diversion_message")

    def ws_later(self, weeks: int) -> LineWeek:
        """The same line, some weeks later (to schedule follow-up rows)."""
        return LineWeek(self.b, self.line, self.ws + timedelta(weeks=weeks), self.rng)


__all__ = ["LineWeek", "stop_search_row"]
