"""Precision and recall of phone and location resolution on a constructed set, vs exact keys.

``python -m bench.object_resolution [--seed 7] [--places 4000] [--numbers 4000]``

The set is constructed, not a scenario's records: the simulator's ground truth has no address
or phone mentions to score against (its intake already stores E.164 numbers and one address
text per place). It is built from the simulator's own pieces: real LLR postcodes and streets
(``simulate.places``), its house-number and flat habits, its phone formats
(``simulate.names.format_phone``) and its postcode noise, plus the variants other agencies
write (street abbreviations, upper case, punctuation, the town appended, a missing postcode
or address, a UPRN from some sources). Truth is the place or number each mention was made
from. Pairwise precision/recall: a pair is two mentions of one truth; found when one entity.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Iterable, Mapping

from linewatch.core.linking.locations import LocationRecord, resolve_locations
from linewatch.core.linking.phones import resolve_phones
from linewatch.simulate import names
from linewatch.simulate.places import postcodes

ABBREVIATIONS = {"Road": "Rd", "Street": "St", "Close": "Cl", "Avenue": "Ave", "Lane": "Ln"}


def pairwise(truth: Mapping[int, object], found: Mapping[int, object]) -> dict[str, float]:
    """Precision, recall and F1 of the pairs put in one entity."""

    def pairs(counts: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    true = pairs(Counter(truth.values()).values())
    predicted = pairs(Counter(found.values()).values())
    both = pairs(Counter((truth[k], found[k]) for k in truth).values())
    precision = both / predicted if predicted else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": true}


def _address_variant(rng: random.Random, line: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        return line
    if roll < 0.55:
        return line.upper()
    if roll < 0.75:
        words = [ABBREVIATIONS.get(w, w) for w in line.split()]
        return " ".join(words) + ("." if rng.random() < 0.5 else "")
    if roll < 0.9:
        return line.replace(" ", ", ", 1)
    return f"{line}, Leicester"  # the town appended


def locations(seed: int, places: int) -> tuple[list[LocationRecord], dict[int, str]]:
    rng = random.Random(f"{seed}:locations")
    pool = rng.sample(postcodes(), max(places // 6, 1))  # several houses per postcode
    made: dict[tuple[str, str], str] = {}
    while len(made) < places:
        pc = rng.choice(pool)
        number = rng.randrange(1, 160)
        house = f"Flat {rng.randrange(1, 12)}, {number}" if rng.random() < 0.2 else str(number)
        made.setdefault((f"{house} {pc.street}", pc.postcode), f"A{len(made):06d}")
    uprns = {key: str(100030000000 + i) for i, key in enumerate(made)}
    records: list[LocationRecord] = []
    truth: dict[int, str] = {}
    for (line, postcode), place in made.items():
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            pk = len(records) + 1
            address = _address_variant(rng, line) if rng.random() > 0.08 else ""
            code = postcode
            roll = rng.random()
            if roll < 0.15:
                code = ""
            elif roll < 0.3:
                code = postcode.replace(" ", "").lower()
            uprn = uprns[(line, postcode)] if rng.random() < 0.3 else ""
            records.append(LocationRecord(pk, address, code, uprn))
            truth[pk] = place
    return records, truth


def exact_locations(records: list[LocationRecord]) -> dict[int, object]:
    """The intake's own key: lower-cased address without punctuation, postcode as written."""
    from linewatch.web.intake.drafts import address_key

    return {r.record_id: (address_key(r.address), r.postcode) for r in records}


def phones(seed: int, numbers: int) -> tuple[dict[int, str], dict[int, str]]:
    rng = random.Random(f"{seed}:phones")
    taken: set[str] = set()
    written: dict[int, str] = {}
    truth: dict[int, str] = {}
    for _ in range(numbers):
        e164 = names.new_mobile(rng, taken)
        for _ in range(rng.choice((1, 2, 2, 3, 4))):
            roll = rng.random()
            if roll < 0.1:
                text = "0044 " + e164[3:]
            elif roll < 0.15:
                text = f"+44 (0){e164[3:7]} {e164[7:]}"
            else:
                text = names.format_phone(e164, rng)
            written[len(written) + 1] = text
            truth[len(truth) + 1] = e164
    return written, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--places", type=int, default=4000)
    parser.add_argument("--numbers", type=int, default=4000)
    args = parser.parse_args()

    records, truth = locations(args.seed, args.places)
    started = time.perf_counter()
    result = resolve_locations(records)
    seconds = time.perf_counter() - started
    ours = pairwise(truth, result.entity_of)
    exact = pairwise(truth, exact_locations(records))
    reviewed = sum(truth[r.left] == truth[r.right] for r in result.review)
    print(f"locations: {len(records):,} mentions of {args.places:,} places")
    print(
        f"  ours   P {ours['precision']:.4f} R {ours['recall']:.4f} F1 {ours['f1']:.4f} "
        f"in {seconds:.2f} s; {len(result.review):,} pairs for review, {reviewed:,} of them "
        "truly one place"
    )
    print(f"  exact  P {exact['precision']:.4f} R {exact['recall']:.4f} F1 {exact['f1']:.4f}")
    no_postcode_only = {k: v for k, v in truth.items() if records[k - 1].address}
    reachable = pairwise(no_postcode_only, {k: result.entity_of[k] for k in no_postcode_only})
    print(f"  ours on mentions with an address: R {reachable['recall']:.4f}")

    written, numbers = phones(args.seed, args.numbers)
    started = time.perf_counter()
    found = resolve_phones(written)
    seconds = time.perf_counter() - started
    ours = pairwise(numbers, found.entity_of)
    exact = pairwise(numbers, written)
    print(f"phones: {len(written):,} mentions of {args.numbers:,} numbers")
    print(
        f"  ours   P {ours['precision']:.4f} R {ours['recall']:.4f} F1 {ours['f1']:.4f} "
        f"in {seconds:.2f} s"
    )
    print(f"  as written P {exact['precision']:.4f} R {exact['recall']:.4f} F1 {exact['f1']:.4f}")


if __name__ == "__main__":
    main()
