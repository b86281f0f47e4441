"""``python -m bench linking``: our person linkage against plain Splink and recordlinkage.

FEBRL3 (dedupe, 5,000 records) and FEBRL4 (two files of 5,000): ours, plain Splink and
recordlinkage. The simulated multi-agency scenario: ours against plain Splink. Each line
gives precision, recall and F1 over entity pairs and the seconds taken (training,
scoring and clustering; data loading excluded), then the ratios the targets are about.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from contextlib import suppress

import pandas as pd

from bench import linking_peers
from bench.linking_data import (
    LinkCase,
    Quality,
    febrl3,
    febrl4,
    quality,
    simulated,
    synthetic_people,
)
from linewatch.core.linking import PersonRecord, link_persons

DATASETS = ("febrl3", "febrl4", "simulated", "people")


def ours(case: LinkCase) -> dict[str, str]:
    return link_persons(case.records, auto_link=linking_peers.THRESHOLD).entity_of


def _timed(run: Callable[[LinkCase], dict[str, str]], case: LinkCase) -> tuple[Quality, float]:
    started = time.perf_counter()
    entity_of = run(case)
    seconds = time.perf_counter() - started
    return quality(entity_of, case.truth), seconds


def _line(label: str, result: Quality, seconds: float) -> str:
    return (
        f"  {label:<34} P {result.precision:.4f}  R {result.recall:.4f}  "
        f"F1 {result.f1:.4f}  {seconds:6.1f} s  ({result.predicted_pairs:,} pairs predicted, "
        f"{result.true_pairs:,} true; {result.people_recovered:,} of "
        f"{result.people_with_records:,} people with 2+ records recovered exactly)"
    )


def run_case(case: LinkCase, peers: dict[str, Callable[[LinkCase], dict[str, str]]]) -> None:
    print(f"{case.name}: {len(case.records):,} records", flush=True)
    our_quality, our_seconds = _timed(ours, case)
    print(_line("ours (linewatch.core.linking)", our_quality, our_seconds), flush=True)
    best_f1, plain_seconds, plain_f1 = 0.0, None, None
    for label, peer in peers.items():
        result, seconds = _timed(peer, case)
        print(_line(label, result, seconds), flush=True)
        if not label.endswith("(reference)"):
            best_f1 = max(best_f1, result.f1)
        if label == "plain Splink":
            plain_seconds, plain_f1 = seconds, result.f1
    if peers:
        print(f"  F1 ours - best peer: {our_quality.f1 - best_f1:+.4f}", flush=True)
    if plain_seconds and plain_f1 is not None:
        print(
            f"  F1 ours - plain Splink: {our_quality.f1 - plain_f1:+.4f}; time ours / plain "
            f"Splink: {our_seconds / plain_seconds:.2f}x",
            flush=True,
        )


def _warm_up() -> None:
    """Import Splink and DuckDB and run one tiny job, so no side pays first-use costs."""
    records = [
        PersonRecord(f"w{n}", name, "Smith", dob=f"19{70 + n}-01-0{n + 1}", postcode="LE1 1AA")
        for n, name in enumerate(("Ann", "Bob", "Cat", "Dan", "Eve"))
    ]
    link_persons(records)
    # Plain Splink cannot train on five records; importing and starting it is what counts.
    with suppress(Exception):
        linking_peers.plain_splink_people(
            LinkCase(
                "warm-up",
                records,
                _warm_frame(records),
                {r.record_id: r.record_id for r in records},
            )
        )


def _warm_frame(records: list[PersonRecord]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "unique_id": r.record_id,
                "first_name": r.first_name,
                "surname": r.surname,
                "dob": r.dob,
                "gender": "",
                "address": "",
                "postcode": r.postcode,
                "phone": "",
            }
            for r in records
        ]
    )


def run(
    datasets: list[str],
    *,
    seed: int,
    weeks: int,
    scale: float,
    with_ssn: bool,
    records: int = 100_000,
    ours_only: bool = False,
) -> None:
    _warm_up()
    febrl_peers: dict[str, Callable[[LinkCase], dict[str, str]]] = {
        "plain Splink": linking_peers.plain_splink_febrl,
        "recordlinkage": linking_peers.recordlinkage_febrl,
    }
    if with_ssn:
        febrl_peers["plain Splink + soc_sec_id (reference)"] = lambda case: (
            linking_peers.plain_splink_febrl(case, with_ssn=True)
        )
    people_peers: dict[str, Callable[[LinkCase], dict[str, str]]] = {
        "plain Splink": linking_peers.plain_splink_people
    }
    if ours_only:
        febrl_peers, people_peers = {}, {}
    if "febrl3" in datasets:
        run_case(febrl3(), febrl_peers)
    if "febrl4" in datasets:
        run_case(febrl4(), febrl_peers)
    if "simulated" in datasets:
        run_case(simulated(seed=seed, weeks=weeks, scale=scale), people_peers)
    if "people" in datasets:
        run_case(synthetic_people(records, seed=seed), people_peers)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak memory of this process: {peak:.2f} GB", flush=True)
