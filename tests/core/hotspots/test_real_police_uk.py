"""Hot spots on the real police.uk sample months shipped with the tests (public data)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from linewatch.core.geography import BngPoint, authority_at, wgs84_to_bng_arrays
from linewatch.core.hotspots import (
    HotspotMap,
    HotspotSettings,
    compare_periods,
    hot_cells,
    hotspot_map,
)

SAMPLES = Path(__file__).resolve().parents[2] / "feeds" / "samples" / "real"
LEICESTER = "E06000016"


@lru_cache(maxsize=4)
def month(name: str) -> pd.DataFrame:
    frame = pd.read_csv(SAMPLES / f"{name}-leicestershire-street.csv")
    located = frame.dropna(subset=["Longitude", "Latitude"]).copy()
    e, n = wgs84_to_bng_arrays(located["Longitude"].to_numpy(), located["Latitude"].to_numpy())
    located["easting"], located["northing"] = e, n
    return located


@lru_cache(maxsize=8)
def run(name: str, crime_type: str = "") -> HotspotMap:
    frame = month(name)
    if crime_type:
        frame = frame[frame["Crime type"] == crime_type]
    return hotspot_map(frame["easting"], frame["northing"], HotspotSettings())


def test_every_located_crime_is_counted_once() -> None:
    result = run("2020-01")
    assert result.inside + result.outside == len(month("2020-01"))
    assert result.counts.sum() == result.inside


def test_the_busiest_hot_cell_is_in_leicester_and_last_years_hot_spots_still_predict() -> None:
    january_2020, february_2021 = run("2020-01"), run("2021-02")
    assert january_2020.hot.any()
    counts = np.where(january_2020.hot, january_2020.counts, -1)
    iy, ix = np.unravel_index(np.argmax(counts), counts.shape)
    x, y = january_2020.grid.centres()
    assert authority_at(BngPoint(float(x[iy, ix]), float(y[iy, ix]))) == LEICESTER
    comparison = compare_periods(january_2020, february_2021)
    assert comparison.pai > 10  # a year on, the same few cells still hold many times their share
    assert comparison.counts_by_label()["persistent"] > 0


def test_a_months_drug_offences_are_not_painted_as_hot_spots_by_the_normal_test_default() -> None:
    drugs = run("2020-01", "Drugs")
    assert drugs.inside < 250
    assert drugs.hot.sum() < 20
    assert hot_cells(drugs.gi, inference="normal").sum() > 100
