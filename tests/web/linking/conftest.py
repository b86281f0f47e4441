"""Person records with known duplicates across agencies, for real linkage runs."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest

from linewatch.web.pole.models import Location, Person, PersonAlias, PersonPhone, Phone

from ..factories import LocationFactory, PersonFactory, agency

FIRST = [
    "Jayden",
    "Olivia",
    "Mohammed",
    "Amelia",
    "Kieran",
    "Priya",
    "Connor",
    "Chloe",
    "Tyrese",
    "Megan",
    "Callum",
    "Aisha",
    "Liam",
    "Sophie",
    "Reece",
    "Hannah",
    "Jamal",
    "Ellie",
    "Dylan",
    "Grace",
    "Harvey",
    "Leah",
    "Kai",
    "Ruby",
    "Mason",
    "Zara",
    "Ethan",
    "Freya",
    "Lewis",
    "Isla",
]
SURNAMES = [
    "Smith",
    "Patel",
    "Khan",
    "Walker",
    "Robinson",
    "Clarke",
    "Wright",
    "Thompson",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
    "Mistry",
    "Begum",
    "Turner",
    "Parker",
    "Cooper",
    "Mitchell",
    "Ward",
    "Morris",
    "King",
    "Baker",
    "Chauhan",
    "Nowak",
    "Young",
    "Allen",
    "Scott",
]
STREETS = ["Rosebery Street", "Ashby Road", "Forest Road", "Greenclose Lane", "Meadow Lane"]
OTHER_AGENCIES = ("charnwood-bc", "midshires-housing", "leicestershire-county-council")


@dataclass(frozen=True)
class Population:
    """The records made: ``duplicates`` are (police record, partner record) of one person,
    recorded fully by both; ``sketchy`` are duplicates the partner recorded with little more
    than a name (the uncertain band, for the review queue)."""

    people: list[Person]
    duplicates: list[tuple[int, int]]
    sketchy: list[tuple[int, int]]


def _person(
    owner: str,
    first: str,
    surname: str,
    dob: tuple[int, int, int] | None,
    home: Location | None,
    phone: str = "",
    **extra: Any,
) -> Person:
    year, month, day = dob if dob else (None, None, None)
    person = PersonFactory(
        owning_agency=agency(owner),
        first_name=first,
        surname=surname,
        dob_year=year,
        dob_month=month,
        dob_day=day,
        home=home,
        gender=extra.pop("gender", ""),
        search_name=f"{first} {surname}".lower(),
        **extra,
    )
    if phone:
        number, _ = Phone.objects.get_or_create(
            e164=phone, defaults={"owning_agency": agency(owner), "received_at": person.received_at}
        )
        PersonPhone.objects.create(person=person, phone=number)
    return person


def make_population(
    seed: int = 3, people: int = 60, duplicated: int = 12, sketchy: int = 4
) -> Population:
    """``people`` distinct police records; ``duplicated`` of them recorded again by a partner
    with the noise agencies add (nickname, typo, day/month swap, missing phone)."""
    rng = random.Random(seed)
    made, duplicates, weak = [], [], []
    names = rng.sample([(f, s) for f in FIRST for s in SURNAMES], people)
    for index, (first, surname) in enumerate(names):
        dob = (rng.randint(1970, 2009), rng.randint(1, 12), rng.randint(1, 28))
        unit = f"{rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
        postcode = f"LE{rng.randint(1, 19)} {unit}"
        home = LocationFactory(
            address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
            address_key=f"k{index}",
            postcode=postcode,
        )
        phone = f"+4477009{index:05d}"
        police = _person(
            "leicestershire-police",
            first,
            surname.upper(),
            dob,
            home,
            phone,
            gender=rng.choice(["male", "female"]),
            person_ref=f"LP{index:05d}",
        )
        made.append(police)
        if index < duplicated:
            noisy_first = {"Jayden": "Jay", "Mohammed": "Mo"}.get(first, first)
            noisy_surname = surname if index % 3 else surname[:-1] + surname[-1] * 2
            year, month, day = dob
            noisy_dob = (year, day, month) if index % 4 == 1 and day <= 12 else dob
            partner = _person(
                OTHER_AGENCIES[index % len(OTHER_AGENCIES)],
                noisy_first,
                noisy_surname,
                noisy_dob,
                home,
                phone if index % 2 else "",
                person_ref=f"P{index:05d}",
            )
            if noisy_first != first:
                PersonAlias.objects.create(person=partner, name=first)
            made.append(partner)
            duplicates.append((police.pk, partner.pk))
        elif index < duplicated + sketchy:
            partner = _person(
                "charnwood-bc", first, surname, None, None, person_ref=f"S{index:05d}"
            )
            made.append(partner)
            weak.append((police.pk, partner.pk))
    return Population(made, duplicates, weak)


@pytest.fixture
def population(agencies: dict[str, Any]) -> Population:
    return make_population()
