"""Line events of enforcement: drug seizures, arrests, warrants at cuckooed addresses and
the line's disruption (handset downloads, diversion into treatment)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from linewatch.simulate import names, texts
from linewatch.simulate.emit import days, phones_text, stamp
from linewatch.simulate.line_signals import SignalEvents
from linewatch.simulate.lines import Cuckoo
from linewatch.simulate.people import Person
from linewatch.simulate.places import Postcode
from linewatch.simulate.rand import age_on
from linewatch.simulate.writers import POLICE


class EnforcementEvents(SignalEvents):
    """What the police do about a line (a warrant is followed by intelligence)."""

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
