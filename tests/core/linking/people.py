"""Synthetic people with known duplicates, shared by the linking tests (no real data)."""

from __future__ import annotations

import random

from linewatch.core.linking import PersonRecord

FIRST = [
    "Jayden",
    "Oliver",
    "Amelia",
    "Mohammed",
    "Elizabeth",
    "William",
    "Priya",
    "Tomasz",
    "Chloe",
    "Kwame",
    "Daniel",
    "Sophie",
    "Aisha",
    "Connor",
    "Grace",
    "Ibrahim",
    "Lily",
    "Reece",
    "Hannah",
    "Marcus",
    "Zara",
    "Callum",
    "Ella",
    "Nathan",
    "Ruby",
    "Kieran",
]
SURNAMES = [
    "Smith",
    "Patel",
    "Khan",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Mensah",
    "Kowalski",
    "O'Brien",
    "Clarke",
    "Hussain",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
]
NICKNAMES = {"Jayden": "Jay", "William": "Bill", "Elizabeth": "Liz", "Daniel": "Danny"}
SPELLINGS = {"Mohammed": "Muhammad", "Clarke": "Clark", "Hussain": "Hussein"}
POSTCODES = [
    "LE11 3TU",
    "LE1 5WW",
    "LE2 0AA",
    "LE3 9NT",
    "LE4 2PF",
    "LE5 0AA",
    "LE67 3RE",
    "LE9 8FN",
    "LE12 7AB",
    "LE13 0XY",
    "LE15 6PD",
    "LE18 2AD",
    "LE7 7DA",
    "LE10 1SB",
]
STREETS = ["Park Road", "Mill Lane", "Station Street", "Church Close", "Oak Avenue"]


def population(
    people: int = 80, duplicates: int = 24, seed: int = 7
) -> tuple[list[PersonRecord], dict[str, str]]:
    """``people`` distinct people, ``duplicates`` of them recorded twice with UK-style noise.

    Returns the records and the true person of each record id.
    """
    rng = random.Random(seed)
    records: list[PersonRecord] = []
    truth: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for number in range(people):
        while True:
            first, surname = rng.choice(FIRST), rng.choice(SURNAMES)
            if (first, surname) not in seen:
                seen.add((first, surname))
                break
        year, month, day = rng.randint(1960, 2009), rng.randint(1, 12), rng.randint(1, 28)
        postcode = rng.choice(POSTCODES)
        address = f"{rng.randint(1, 150)} {rng.choice(STREETS)}"
        phone = f"07{rng.randint(400, 999)} {rng.randint(100000, 999999)}"
        person = f"P{number:03d}"
        record_id = f"A{number:03d}"
        records.append(
            PersonRecord(
                record_id,
                first,
                surname,
                dob=f"{year}-{month:02d}-{day:02d}",
                address=address,
                postcode=postcode,
                phone=phone,
                source="police",
            )
        )
        truth[record_id] = person
        if number < duplicates:
            kind = number % 4
            other_first = NICKNAMES.get(first, first) if kind == 0 else first
            other_surname = SPELLINGS.get(surname, surname).upper() if kind == 1 else surname
            if kind == 2 and day <= 12 and day != month:
                dob = f"{month:02d}/{day:02d}/{year}"  # day and month swapped
            elif kind == 3:
                dob = f"{month:02d}/{year}"  # month and year only
            else:
                dob = f"{day:02d}/{month:02d}/{year}"
            duplicate_id = f"B{number:03d}"
            records.append(
                PersonRecord(
                    duplicate_id,
                    other_first,
                    other_surname,
                    dob=dob,
                    address=address.replace("Road", "Rd"),
                    postcode=postcode.replace(" ", "").lower(),
                    phone=("+44" + phone[1:].replace(" ", "")) if kind != 3 else "",
                    source="council",
                )
            )
            truth[duplicate_id] = person
    return records, truth
