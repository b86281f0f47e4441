"""True people of the scenario and the background population they are drawn from."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from linewatch.simulate import names
from linewatch.simulate.places import Address, Postcode, background_weights, postcodes
from linewatch.simulate.rand import dob_for_age

LEICESTERSHIRE = "Leicestershire Police"
ADULT_VULNERABILITIES: tuple[str, ...] = (
    "substance_use",
    "learning_disability",
    "older_isolated",
    "mental_health",
    "physical_disability",
    "domestic_abuse_victim",
)


@dataclass(slots=True)
class Person:
    """One real (simulated) person: the ground truth every agency record points back to."""

    pid: str
    first_name: str
    surname: str
    gender: str
    dob: date
    home: Address | None
    home_force: str
    phone: str | None = None
    street_name: str | None = None
    flags: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    in_treatment: bool = False
    social_tenant: bool = False

    def add_role(self, role: str) -> None:
        """Record a role once (kept sorted for stable output)."""
        if role not in self.roles:
            self.roles.append(role)
            self.roles.sort()


class Population:
    """Creates people with unique ids, phones and addresses; holds the background pools."""

    def __init__(self, rng: random.Random, start: date) -> None:
        self.rng = rng
        self.start = start
        self.people: list[Person] = []
        self.phones: set[str] = set()
        self.vrms: set[str] = set()
        self._addresses = 0
        self.residents: list[Person] = []
        self.users: list[Person] = []
        self.vulnerable: list[Person] = []
        self.children: list[Person] = []
        self.offenders: list[Person] = []
        self.asb_people: list[Person] = []

    def address(self, postcode: Postcode) -> Address:
        """A new house address at ``postcode``."""
        self._addresses += 1
        number = self.rng.randrange(1, 160)
        house = (
            f"Flat {self.rng.randrange(1, 12)}, {number}"
            if self.rng.random() < 0.2
            else str(number)
        )
        return Address(f"A{self._addresses:06d}", house, postcode)

    def premises(self, house: str, postcode: Postcode) -> Address:
        """A new non-residential address (a pub, a shop, a hostel) at ``postcode``."""
        self._addresses += 1
        return Address(f"A{self._addresses:06d}", house, postcode)

    def random_postcode(self) -> Postcode:
        """A postcode weighted towards deprived neighbourhoods."""
        return self.rng.choices(postcodes(), cum_weights=background_weights())[0]

    def person(
        self,
        age: int,
        *,
        male: float = 0.5,
        home: Postcode | None = None,
        home_force: str = LEICESTERSHIRE,
        phone: float = 0.6,
        local: bool = True,
    ) -> Person:
        """A new person of ``age`` on the scenario start, living at ``home`` (or anywhere)."""
        rng = self.rng
        gender = "male" if rng.random() < male else "female"
        first = rng.choice(names.MALE_NAMES if gender == "male" else names.FEMALE_NAMES)
        address = None
        if local:
            address = self.address(home or self.random_postcode())
        person = Person(
            pid=f"T{len(self.people) + 1:07d}",
            first_name=first,
            surname=rng.choice(names.SURNAMES),
            gender=gender,
            dob=dob_for_age(rng, age, self.start),
            home=address,
            home_force=home_force,
            phone=names.new_mobile(rng, self.phones) if rng.random() < phone else None,
        )
        self.people.append(person)
        return person

    def vehicle(self) -> str:
        """A new vehicle registration."""
        return names.new_vrm(self.rng, self.vrms)

    def fill_background(self, scale: float) -> None:
        """Create the background pools: residents, drug users, vulnerable adults, children."""
        rng = self.rng
        for _ in range(max(20, round(2500 * scale))):
            p = self.person(rng.randrange(18, 70), male=0.62)
            p.add_role("background")
            self.residents.append(p)
        for _ in range(max(10, round(1200 * scale))):
            p = self.vulnerable_adult(None, user=True)
            self.users.append(p)
        for _ in range(max(10, round(900 * scale))):
            self.vulnerable.append(self.vulnerable_adult(None, user=False))
        for _ in range(max(10, round(900 * scale))):
            self.children.append(self.child(None))
        self.offenders = self.residents + self.users
        self.asb_people = self.residents + self.children[:50]

    def vulnerable_adult(self, home: Postcode | None, *, user: bool) -> Person:
        """An adult with vulnerabilities (a drug user when ``user``)."""
        rng = self.rng
        if user:
            p = self.person(rng.randrange(22, 60), male=0.7, home=home, phone=0.9)
            p.flags = ["substance_use"]
            if rng.random() < 0.3:
                p.flags.append("mental_health")
            p.in_treatment = rng.random() < 0.45
            p.add_role("drug_user")
        else:
            age = rng.randrange(65, 90) if rng.random() < 0.25 else rng.randrange(20, 65)
            p = self.person(age, male=0.55, home=home, phone=0.7)
            choices = [f for f in ADULT_VULNERABILITIES if f != "older_isolated"]
            p.flags = sorted({rng.choice(choices) for _ in range(rng.randrange(1, 3))})
            if age >= 65:
                p.flags = sorted({"older_isolated", *p.flags[:1]})
            p.in_treatment = "substance_use" in p.flags and rng.random() < 0.5
            p.add_role("vulnerable_adult")
        p.flags = sorted({"adult_at_risk", *p.flags}) if rng.random() < 0.5 else p.flags
        p.social_tenant = rng.random() < 0.55
        return p

    def child(self, home: Postcode | None, age: int | None = None) -> Person:
        """A local child known to children's services."""
        rng = self.rng
        p = self.person(age or rng.randrange(11, 18), male=0.55, home=home, phone=0.7)
        p.flags = ["child"]
        if rng.random() < 0.25:
            p.flags.append("care_experienced")
        if rng.random() < 0.2:
            p.flags.append("missing_history")
        p.flags.sort()
        p.add_role("child")
        return p
