"""The county lines of the scenario: who runs them, where, their numbers and their lifecycle."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from linewatch.simulate import names
from linewatch.simulate.people import LEICESTERSHIRE, Person, Population
from linewatch.simulate.places import IMPORTING_TOWNS, Address, Town, town_postcodes

#: Exporting hubs: (force, city, relative share of lines).
HUBS: tuple[tuple[str, str, int], ...] = (
    ("Metropolitan Police Service", "London", 3),
    ("West Midlands Police", "Birmingham", 4),
    ("Nottinghamshire Police", "Nottingham", 2),
    (LEICESTERSHIRE, "Leicester", 3),
)
BRANDS: tuple[str, ...] = (
    "Tiny",
    "Bando",
    "Jay",
    "Ricky",
    "Kash",
    "Dizzy",
    "Benzo",
    "Zee",
    "Gucci",
    "Snoop",
    "Blade",
    "Flash",
    "Milo",
    "Turbo",
    "Ollie",
    "Deano",
    "Nike",
    "Kenzo",
    "Rico",
    "Sparks",
    "Smithy",
    "Dotz",
    "Ace",
    "Lenny",
    "Mace",
    "Tommy",
    "Ghost",
    "Vinny",
    "Boss",
    "Yardie",
)
FAR = timedelta(days=100_000)


@dataclass(slots=True)
class Member:
    """A person's role in a line for a period."""

    person: Person
    role: str
    start: date
    end: date | None


@dataclass(slots=True)
class Cuckoo:
    """A vulnerable person's home taken over by a line."""

    address: Address
    resident: Person
    start: date
    end: date | None
    confirmed: date | None


@dataclass(slots=True)
class Line:
    """One county line and its ground truth."""

    line_id: str
    brand: str
    force: str
    city: str
    towns: list[Town]
    start: date
    disrupted: date | None
    closed: date | None
    closure_type: int | None
    re_emerged_from: str | None = None
    numbers: list[tuple[str, date, date | None]] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    cuckoos: list[Cuckoo] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)
    drugs: tuple[str, ...] = ("heroin", "crack_cocaine")

    def active_on(self, day: date) -> bool:
        """Whether the line is trading on ``day``."""
        return self.start <= day < (self.closed or date.max)

    def people(self, role: str) -> list[Person]:
        """Members holding ``role``."""
        return [m.person for m in self.members if m.role == role]

    def number_on(self, day: date) -> str | None:
        """The deal-line number in use on ``day``."""
        for number, start, end in self.numbers:
            if start <= day < (end or date.max):
                return number
        return None


def line_count(scale: float, weeks: int) -> int:
    """How many lines are active at some time in the window (about 15 a year at scale 1)."""
    return max(2, round(scale * (8 + 7 * weeks / 52)))


class LineBuilder:
    """Builds the lines of a scenario from a population."""

    def __init__(self, rng: random.Random, pop: Population, start: date, end: date) -> None:
        self.rng = rng
        self.pop = pop
        self.start = start
        self.end = end
        self.lines: list[Line] = []
        self.town_users: dict[str, list[Person]] = {}

    def build(self, count: int) -> list[Line]:
        """``count`` lines: some already running at the start, the rest starting later."""
        rng = self.rng
        window = (self.end - self.start).days
        initial = max(1, round(count * 8 / (8 + 7 * window / 364)))
        while len(self.lines) < count:
            closed = [ln for ln in self.lines if ln.closed and ln.closed + timedelta(28) < self.end]
            reuse = [
                ln for ln in closed if not any(x.re_emerged_from == ln.line_id for x in self.lines)
            ]
            if len(self.lines) >= initial and reuse and rng.random() < 0.45:
                self.lines.append(self._re_emerge(rng.choice(reuse)))
            elif len(self.lines) < initial:
                self.lines.append(self._new_line(self.start - timedelta(rng.randrange(7, 200))))
            else:
                self.lines.append(self._new_line(self.start + timedelta(rng.randrange(window))))
        return self.lines

    def _lifecycle(self, line: Line) -> None:
        rng = self.rng
        disrupted = line.start + timedelta(weeks=rng.randrange(12, 45), days=rng.randrange(7))
        disrupted = max(disrupted, self.start + timedelta(days=rng.randrange(10, 40)))
        if disrupted >= self.end:
            return
        line.disrupted = disrupted
        line.closed = disrupted + timedelta(days=rng.randrange(0, 21))
        line.closure_type = 1 if rng.random() < 0.85 else 2

    def _new_line(self, start: date) -> Line:
        rng = self.rng
        force, city, _ = rng.choices(HUBS, weights=[h[2] for h in HUBS])[0]
        towns = [
            t for t in IMPORTING_TOWNS if (city == "Leicester") == t.la_code.startswith("E06000016")
        ]
        if city == "Leicester" and rng.random() < 0.5:
            towns = [t for t in IMPORTING_TOWNS if not t.la_code.startswith("E06000016")]
        first = rng.choice(towns)
        chosen = [first]
        if rng.random() < 0.25:
            second = rng.choice(
                [t for t in IMPORTING_TOWNS if t.la_code == first.la_code] or [first]
            )
            if second != first:
                chosen.append(second)
        used = {ln.brand for ln in self.lines}
        brand = rng.choice([b for b in BRANDS if b not in used] or list(BRANDS))
        line = Line(
            f"L{len(self.lines) + 1:03d}", brand, force, city, chosen, start, None, None, None
        )
        line.drugs = rng.choice(
            (("heroin", "crack_cocaine"), ("crack_cocaine", "heroin", "cocaine"), ("heroin",))
        )
        self._lifecycle(line)
        self._staff(line, None)
        self._numbers(line)
        return line

    def _re_emerge(self, old: Line) -> Line:
        rng = self.rng
        assert old.closed is not None
        start = old.closed + timedelta(days=rng.randrange(10, 60))
        start = min(start, self.end - timedelta(days=7))
        brand = old.brand if rng.random() < 0.6 else rng.choice(BRANDS)
        line = Line(
            f"L{len(self.lines) + 1:03d}",
            brand,
            old.force,
            old.city,
            list(old.towns),
            start,
            None,
            None,
            None,
            re_emerged_from=old.line_id,
        )
        line.drugs = old.drugs
        self._lifecycle(line)
        self._staff(line, old)
        self._numbers(line)
        return line

    def _numbers(self, line: Line) -> None:
        rng = self.rng
        day = line.start
        stop = line.closed
        while stop is None or day < stop:
            end: date | None = day + timedelta(weeks=rng.randrange(3, 10))
            if line.disrupted and end is not None and day < line.disrupted <= end:
                end = line.disrupted
            if stop is not None and end is not None and end >= stop:
                end = stop
            if end is not None and end >= self.end + timedelta(days=60):
                end = None
            line.numbers.append((names.new_mobile(rng, self.pop.phones), day, end))
            if end is None:
                break
            day = end

    def _staff(self, line: Line, old: Line | None) -> None:
        rng, pop = self.rng, self.pop
        local = line.city == "Leicester"
        end = line.closed
        controller = pop.person(
            rng.randrange(19, 31), male=0.92, home_force=line.force, phone=1.0, local=local
        )
        controller.street_name = rng.choice(names.STREET_NAMES)
        self._join(line, controller, "controller", line.start, end)
        if rng.random() < 0.6:
            holder = pop.person(
                rng.randrange(18, 26), male=0.9, home_force=line.force, phone=1.0, local=local
            )
            holder.street_name = rng.choice(names.STREET_NAMES)
        else:
            holder = controller
        self._join(line, holder, "holder", line.start, end)
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 5))):
            self._join(line, self._runner(line), "runner", self._later(line, 0, 8), end)
        if old is not None:
            for victim in [m.person for m in old.members if m.role == "runner"][:1]:
                if victim.dob > line.start - timedelta(days=365 * 19):
                    self._join(line, victim, "runner", line.start, end)
        line.vehicles = [pop.vehicle() for _ in range(rng.randrange(1, 4))]
        self._cuckoo(line, old)
        self._customers(line, old)

    def _runner(self, line: Line) -> Person:
        rng, pop = self.rng, self.pop
        age = rng.choices(
            (13, 14, 15, 16, 17, 18, 19, 21, 23), weights=(2, 4, 12, 16, 16, 6, 5, 4, 3)
        )[0]
        if line.city != "Leicester" and rng.random() < 0.75:
            p = pop.person(age, male=0.85, home_force=line.force, phone=0.9, local=False)
            if age < 18:
                p.flags = ["child"]
        elif age < 18:
            p = pop.child(rng.choice(town_postcodes(rng.choice(line.towns).name)), age=age)
        else:
            p = pop.person(age, male=0.85, home=rng.choice(town_postcodes(line.towns[0].name)))
        p.street_name = rng.choice(names.STREET_NAMES) if rng.random() < 0.5 else None
        return p

    def _later(self, line: Line, low: int, high: int) -> date:
        return line.start + timedelta(days=7 * self.rng.randrange(low, high + 1))

    def _join(self, line: Line, person: Person, role: str, start: date, end: date | None) -> None:
        person.add_role(role)
        line.members.append(Member(person, role, start, end))

    def _cuckoo(self, line: Line, old: Line | None) -> None:
        rng, pop = self.rng, self.pop
        targets: list[Person] = []
        if old is not None:
            targets = [c.resident for c in old.cuckoos][: rng.randrange(1, 3)]
        for _ in range(rng.choice((1, 1, 2, 2, 3)) - len(targets)):
            town = rng.choice(line.towns)
            codes = {pc.postcode for pc in town_postcodes(town.name)}
            candidates = [
                p
                for p in pop.vulnerable + pop.users
                if p.home is not None
                and p.home.postcode.postcode in codes
                and "cuckooed_resident" not in p.roles
                and p.dob.year < line.start.year - 20
            ]
            if candidates and rng.random() < 0.8:
                targets.append(rng.choice(candidates))
            else:
                p = pop.vulnerable_adult(
                    rng.choice(town_postcodes(town.name)), user=rng.random() < 0.6
                )
                pop.vulnerable.append(p)
                targets.append(p)
        for index, resident in enumerate(targets):
            assert resident.home is not None
            start = self._later(line, 0 if index == 0 else 4, 3 if index == 0 else 20)
            if line.closed and start >= line.closed:
                start = line.start
            end = line.closed
            confirmed: date | None = None
            if line.disrupted:
                confirmed = line.disrupted
            if rng.random() < 0.35:
                early = start + timedelta(weeks=rng.randrange(6, 18))
                if (line.disrupted is None or early < line.disrupted) and early < self.end:
                    confirmed, end = early, early + timedelta(days=rng.randrange(0, 5))
            line.cuckoos.append(Cuckoo(resident.home, resident, start, end, confirmed))
            self._join(line, resident, "cuckooed_resident", start, end)

    def _customers(self, line: Line, old: Line | None) -> None:
        rng, pop = self.rng, self.pop
        wanted = rng.randrange(25, 120)
        chosen: list[Person] = []
        if old is not None:
            chosen = [m.person for m in old.members if m.role == "user"]
        taken = {p.pid for p in chosen}
        for town in line.towns:
            users = self.town_users.setdefault(town.name, [])
            postcodes = town_postcodes(town.name)
            while len(chosen) < wanted * len(line.towns) // len(line.towns):
                if users and rng.random() < 0.5:
                    p = rng.choice(users)
                    if p.pid in taken:
                        continue
                else:
                    p = pop.vulnerable_adult(rng.choice(postcodes), user=True)
                    pop.users.append(p)
                    users.append(p)
                chosen.append(p)
                taken.add(p.pid)
        for p in chosen:
            self._join(line, p, "user", line.start, line.closed)
