"""Records near each address: needle finds, drug seizures, stop and search and drug crime
within the radius, as blocks of signals.

Every such event near every placed location is paired once, from the records as read
(``Records.shared``), however many viewers are scored from them; a viewer's signals are then
the pairs whose event it sees and whose location leads an address it sees, picked with array
masks. (The pairs grow with events times addresses per square kilometre: 330,000 on the demo
year, tens of millions at a million events, too many to make one Python object each.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from linewatch.core.risk import SignalTable
from linewatch.core.risk.scoring import STANDING, Indexed
from linewatch.web.risk.records import Records

NEARBY_KINDS = {
    "needle_find": "needles_nearby",
    "drug_seizure": "drugs_nearby",
    "stop_search": "drugs_nearby",
}
DRUG_CRIME = "Drugs"
FACTORS = ("needles_nearby", "drugs_nearby")
NEEDLES_CAP = 10  # a find of 50 needles counts as 10


CHUNK = 20_000  # events paired at a time: bounds the distance query's working memory


@dataclass(frozen=True)
class Pairs:
    """The events of one factor near placed locations: per event (``position`` in the rows as
    read, ``day``, ``amount``, ``record``) and per pair (``event`` into those, ``location``
    position in the rows as read), by event then location."""

    position: NDArray[np.int64]
    day: NDArray[np.int64]
    amount: NDArray[np.float64]
    record: NDArray[np.object_]
    event: NDArray[np.int32]
    location: NDArray[np.int32]


def pairs(records: Records, radius_m: float) -> dict[str, Pairs]:
    """The pairs of the records as read, per factor (worked out once, shared by every viewer)."""
    key = f"nearby:{radius_m}"
    if key not in records.shared:
        records.shared[key] = _pairs(records, radius_m)
    found: dict[str, Pairs] = records.shared[key]
    return found


def _pairs(records: Records, radius_m: float) -> dict[str, Pairs]:
    events: dict[str, list[tuple[int, float, float, int, float, str]]] = {f: [] for f in FACTORS}
    for position, (pk, kind, at, _l, east, north, category, count, *_) in zip(
        records.events.index.tolist(), records.events.rows, strict=True
    ):
        if east is None or north is None:
            continue
        factor = NEARBY_KINDS.get(kind)
        if kind == "street_crime" and category == DRUG_CRIME:
            factor = "drugs_nearby"
        if factor:
            amount = float(min(count or 1, NEEDLES_CAP)) if kind == "needle_find" else 1.0
            day = at.date().toordinal() if at is not None else STANDING
            events[factor].append((position, east, north, day, amount, f"event:{pk}"))
    located = zip(records.locations.index.tolist(), records.locations.rows, strict=True)
    places = [
        (n, row[4], row[5]) for n, row in located if row[4] is not None and row[5] is not None
    ]
    place_tree = cKDTree(np.array([(p[1], p[2]) for p in places], dtype=float)) if places else None
    place_position = np.array([p[0] for p in places], dtype=np.int32)
    out = {}
    for factor, found in events.items():
        near_event: list[NDArray[np.int32]] = []
        near_place: list[NDArray[np.int32]] = []
        for start in range(0, len(found) if place_tree is not None else 0, CHUNK):
            chunk = found[start : start + CHUNK]
            tree = cKDTree(np.array([(e[1], e[2]) for e in chunk], dtype=float))
            assert place_tree is not None
            near = tree.sparse_distance_matrix(place_tree, radius_m, output_type="ndarray")
            order = np.lexsort((near["j"], near["i"]))
            near_event.append((near["i"][order] + start).astype(np.int32))
            near_place.append(place_position[near["j"][order]])
        columns = list(zip(*found, strict=True)) if found else [()] * 6
        out[factor] = Pairs(
            position=np.asarray(columns[0], dtype=np.int64),
            day=np.asarray(columns[3], dtype=np.int64),
            amount=np.asarray(columns[4], dtype=np.float64),
            record=np.array(columns[5], dtype=object),
            event=np.concatenate(near_event) if near_event else np.zeros(0, dtype=np.int32),
            location=np.concatenate(near_place) if near_place else np.zeros(0, dtype=np.int32),
        )
    return out


def add_nearby(
    table: SignalTable,
    records: Records,
    lead_rows: list[int | None],
    radius_m: float,
) -> None:
    """Add the viewer's nearby signals to the addresses ``table``, whose subject ``i`` is led
    by the location in row ``lead_rows[i]`` of the viewer's ``records`` (None: not placed)."""
    read = records.everything
    seen_events = np.zeros(len(read.events.rows), dtype=bool)
    seen_events[records.events.index] = True
    subject_of = np.full(len(read.locations.rows), -1, dtype=np.int64)
    for i, row in enumerate(lead_rows):
        if row is not None:
            subject_of[records.locations.index[row]] = i
    for factor, found in pairs(read, radius_m).items():
        subjects = subject_of[found.location]
        keep = seen_events[found.position][found.event] & (subjects >= 0)
        event = found.event[keep]
        shown = Indexed(found.record, event)  # not millions of references to copy
        table.add_block(factor, subjects[keep], found.day[event], found.amount[event], shown)


__all__ = ["DRUG_CRIME", "NEARBY_KINDS", "Pairs", "add_nearby", "pairs"]
