"""Priority places: grid cells ranked by recent harm, hotspot strength and deprivation.

Events of the last ``window_days`` are binned on the LLR 250 m grid, each weighted by a
harm weight for its kind (a weapons offence weighs more than an ASB report) and faded with
the half-life. A cell's score combines that harm (saturating), whether it is a Getis-Ord
Gi* hot spot of the same counts (``core.hotspots``), and the deprivation (IMD 2015 decile)
of the LSOA at its centre: more deprived places rank higher for the same harm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from linewatch.core.geography import imd2015_table, lsoas_at

if TYPE_CHECKING:
    from linewatch.core.hotspots.grid import Grid

HARM_WEIGHTS: dict[str, float] = {
    "Possession of weapons": 3.0,
    "Violence and sexual offences": 2.0,
    "Robbery": 2.0,
    "Drugs": 1.5,
    "drug_seizure": 2.0,
    "needle_find": 1.0,
    "stop_search": 0.5,
    "asb": 0.5,
    "Anti-social behaviour": 0.5,
    "intelligence": 1.0,
    "community_report": 1.0,
}
WEIGHTS = {"harm": 60.0, "hotspot": 25.0, "deprivation": 15.0}
HARM_SATURATION = 10.0


@dataclass(frozen=True, slots=True)
class PlaceEvent:
    easting: float
    northing: float
    at: date
    kind: str  # event kind, or the police.uk crime type for street crime
    record: str


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # "cell:<ix>:<iy>"
    easting: float
    northing: float
    lsoa_code: str
    score: float
    harm: float
    z: float
    imd_decile: int | None
    events: int
    records: tuple[str, ...]


@lru_cache(maxsize=4)
def _study_area(cell_m: float) -> tuple[Grid, NDArray[np.bool_]]:
    """The LLR grid and its study area (a second of shapely work; every run uses the same)."""
    from linewatch.core.hotspots import llr_grid, llr_study_area

    grid = llr_grid(cell_m)
    area = llr_study_area(grid)
    area.setflags(write=False)
    return grid, area


def priority_places(
    events: Sequence[PlaceEvent],
    as_of: date,
    *,
    window_days: int = 90,
    half_life_days: float = 45.0,
    cell_m: float = 250.0,
    limit: int = 200,
) -> list[Place]:
    """The ``limit`` highest-scoring cells with any harm in the window, best first."""
    # Imported here: scipy's statistics are slow to load, and only scoring needs them.
    from linewatch.core.hotspots import getis_ord_gi_star
    from linewatch.core.hotspots.grid import bin_points

    grid, area = _study_area(cell_m)
    today = as_of.toordinal()
    recent = [
        e for e in events if 0 <= today - e.at.toordinal() <= window_days and e.kind in HARM_WEIGHTS
    ]
    if not recent:
        return []
    xs = np.array([e.easting for e in recent], dtype=float)
    ys = np.array([e.northing for e in recent], dtype=float)
    ages = np.array([today - e.at.toordinal() for e in recent], dtype=float)
    harm_each = np.array([HARM_WEIGHTS[e.kind] for e in recent]) * np.power(
        0.5, ages / half_life_days
    )
    harm = bin_points(xs, ys, grid, weights=harm_each).counts
    counts = bin_points(xs, ys, grid).counts
    gi = getis_ord_gi_star(counts, study_area=area, exact_randomisation=False)
    z = np.nan_to_num(gi.z, nan=0.0)
    ix, iy, inside = grid.cell_of(xs, ys)
    members: dict[tuple[int, int], list[str]] = {}
    for event, cx, cy, ok in zip(recent, ix, iy, inside, strict=True):
        if ok:
            members.setdefault((int(cx), int(cy)), []).append(event.record)
    cells = sorted(members, key=lambda c: -harm[c[1], c[0]])[: limit * 3]
    centres_x, centres_y = grid.centres()
    cx = np.array([centres_x[c[1], c[0]] for c in cells])
    cy = np.array([centres_y[c[1], c[0]] for c in cells])
    lsoas = lsoas_at(cx, cy) if cells else np.array([], dtype=object)
    deprivation = imd2015_table()
    places = []
    for n, cell in enumerate(cells):
        lsoa = str(lsoas[n] or "")
        decile = deprivation[lsoa].decile if lsoa in deprivation else None
        cell_harm = float(harm[cell[1], cell[0]])
        cell_z = float(z[cell[1], cell[0]])
        score = (
            WEIGHTS["harm"] * (1 - np.exp(-cell_harm / HARM_SATURATION))
            + WEIGHTS["hotspot"] * min(max(cell_z, 0.0) / 3.0, 1.0)
            + WEIGHTS["deprivation"] * ((10 - decile) / 9 if decile else 0.0)
        )
        places.append(
            Place(
                key=f"cell:{cell[0]}:{cell[1]}",
                easting=float(cx[n]),
                northing=float(cy[n]),
                lsoa_code=lsoa,
                score=round(float(score), 1),
                harm=round(cell_harm, 2),
                z=round(cell_z, 2),
                imd_decile=decile,
                events=int(counts[cell[1], cell[0]]),
                records=tuple(members[cell][-10:]),
            )
        )
    places.sort(key=lambda p: -p.score)
    return places[:limit]
