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
from linewatch.core.risk.scoring import STANDING
from linewatch.web.risk.records import Records

NEARBY_KINDS = {
    "needle_find": "needles_nearby",
    "drug_seizure": "drugs_nearby",
    "stop_search": "drugs_nearby",
}
DRUG_CRIME = "Drugs"
FACTORS = ("needles_nearby", "drugs_nearby")
NEEDLES_CAP = 10  # a find of 50 needles counts as 10


@dataclass(frozen=True)
class Pairs:
    """Event x location pairs within the radius (positions in the rows as read), by event."""

    event: NDArray[np.int64]
    location: NDArray[np.int64]
    factor: NDArray[np.int64]  # index into FACTORS
    day: NDArray[np.int64]
    amount: NDArray[np.float64]
    record: NDArray[np.object_]


def pairs(records: Records, radius_m: float) -> Pairs:
    """The pairs of the records as read (worked out once, then shared by every viewer)."""
    key = f"nearby:{radius_m}"
    if key not in records.shared:
        records.shared[key] = _pairs(records, radius_m)
    found: Pairs = records.shared[key]
    return found


def _pairs(records: Records, radius_m: float) -> Pairs:
    events: list[tuple[int, float, float, int, int, float, str]] = []
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
            events.append(
                (position, east, north, FACTORS.index(factor), day, amount, f"event:{pk}")
            )
    places = [
        (position, row[4], row[5])
        for position, row in zip(
            records.locations.index.tolist(), records.locations.rows, strict=True
        )
        if row[4] is not None and row[5] is not None
    ]
    if not events or not places:
        empty = np.zeros(0, dtype=np.int64)
        return Pairs(empty, empty, empty, empty, np.zeros(0), np.zeros(0, dtype=object))
    near = cKDTree(np.array([(e[1], e[2]) for e in events], dtype=float)).sparse_distance_matrix(
        cKDTree(np.array([(p[1], p[2]) for p in places], dtype=float)),
        radius_m,
        output_type="ndarray",
    )
    order = np.lexsort((near["j"], near["i"]))
    e, p = near["i"][order], near["j"][order]
    columns = list(zip(*events, strict=True))
    return Pairs(
        event=np.asarray(columns[0], dtype=np.int64)[e],
        location=np.array([place[0] for place in places], dtype=np.int64)[p],
        factor=np.asarray(columns[3], dtype=np.int64)[e],
        day=np.asarray(columns[4], dtype=np.int64)[e],
        amount=np.asarray(columns[5], dtype=np.float64)[e],
        record=np.array(columns[6], dtype=object)[e],
    )


def add_nearby(
    table: SignalTable,
    records: Records,
    lead_rows: list[int | None],
    radius_m: float,
) -> None:
    """Add the viewer's nearby signals to the addresses ``table``, whose subject ``i`` is led
    by the location in row ``lead_rows[i]`` of the viewer's ``records`` (None: not placed)."""
    read = records.everything
    found = pairs(read, radius_m)
    seen_events = np.zeros(len(read.events.rows), dtype=bool)
    seen_events[records.events.index] = True
    subject_of = np.full(len(read.locations.rows), -1, dtype=np.int64)
    for i, row in enumerate(lead_rows):
        if row is not None:
            subject_of[records.locations.index[row]] = i
    subjects = subject_of[found.location]
    keep = seen_events[found.event] & (subjects >= 0)
    for n, factor in enumerate(FACTORS):
        chosen = keep & (found.factor == n)
        table.add_block(
            factor,
            subjects[chosen],
            found.day[chosen],
            found.amount[chosen],
            found.record[chosen],
        )


__all__ = ["DRUG_CRIME", "NEARBY_KINDS", "Pairs", "add_nearby", "pairs"]
