"""A whole hot spot run: settings kept, events off the map reported, periods compared."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from linewatch.core.hotspots import (
    Grid,
    HotspotInputError,
    HotspotSettings,
    compare_periods,
    confidence_bins,
    getis_ord_gi_star,
    hotspot_map,
)

GRID = Grid(x0=440_000, y0=290_000, cell_m=250, nx=40, ny=30)


def events(seed: int, centre: tuple[float, float], n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.normal(centre[0], 200, n), rng.uniform(GRID.x0, GRID.x1, n)])
    y = np.concatenate([rng.normal(centre[1], 200, n), rng.uniform(GRID.y0, GRID.y1, n)])
    return x, y


def test_a_run_finds_the_cluster_and_reports_events_off_the_map() -> None:
    x, y = events(1, (443_000, 293_000))
    x = np.append(x, [100.0, np.nan])
    y = np.append(y, [100.0, 1.0])
    run = hotspot_map(x, y, grid=GRID)
    assert (run.outside, run.not_located) == (1, 1)
    assert run.inside == 800
    ix, iy, _ = GRID.cell_of([443_000], [293_000])
    assert run.hot[iy[0], ix[0]]
    peak_y, peak_x = np.unravel_index(np.argmax(run.density), GRID.shape)
    assert abs(peak_y - iy[0]) <= 1
    assert abs(peak_x - ix[0]) <= 1
    assert run.events_in_study_area == 800


def test_the_geojson_carries_the_settings_and_only_cells_with_something_to_show() -> None:
    x, y = events(2, (445_000, 295_000), n=50)
    run = hotspot_map(x, y, HotspotSettings(bandwidth_m=400, permutations=99, seed=4), grid=GRID)
    layer = run.geojson()
    json.dumps(layer, allow_nan=False)
    shown = (run.counts > 0) | run.hot
    assert len(layer["features"]) == int(shown.sum())
    assert layer["properties"]["settings"]["bandwidth_m"] == 400
    significance = layer["properties"]["method"]["significance"]
    assert (
        significance
        == "two-sided, alpha 0.05, Benjamini-Hochberg FDR, exact conditional randomisation"
    )
    permuted = HotspotSettings(permutations=99, seed=4, inference="permutation")
    assert "99 conditional permutations, seed 4" in permuted.as_dict()["method"]["significance"]
    assert set(layer["features"][0]["properties"]) >= {"count", "z", "hot", "density"}
    assert len(run.geojson(only_with_events=False)["features"]) == GRID.nx * GRID.ny


def test_comparing_periods_labels_cells_and_measures_pai() -> None:
    before = hotspot_map(*events(3, (443_000, 293_000)), grid=GRID)
    same = hotspot_map(*events(4, (443_000, 293_000)), grid=GRID)
    moved = hotspot_map(*events(5, (448_000, 296_000)), grid=GRID)
    stayed = compare_periods(before, same)
    assert stayed.counts_by_label().get("persistent", 0) > 0
    assert stayed.pai > 5
    shifted = compare_periods(before, moved)
    counts = shifted.counts_by_label()
    assert counts.get("emerging", 0) > 0
    assert counts.get("fading", 0) > 0
    assert shifted.pai < stayed.pai


def test_a_quiet_period_gives_undefined_pai_not_zero() -> None:
    before = hotspot_map(*events(3, (443_000, 293_000)), grid=GRID)
    empty = hotspot_map([], [], grid=GRID)
    comparison = compare_periods(before, empty)
    assert math.isnan(comparison.pai)
    assert comparison.hot_cells_now == 0


def test_periods_on_different_grids_are_refused() -> None:
    a = hotspot_map([441_000], [291_000], grid=GRID)
    b = hotspot_map(
        [441_000], [291_000], grid=Grid(x0=440_000, y0=290_000, cell_m=500, nx=20, ny=15)
    )
    with pytest.raises(HotspotInputError, match="different grids"):
        compare_periods(a, b)


def test_bad_settings_are_all_named_at_once() -> None:
    with pytest.raises(HotspotInputError) as error:
        HotspotSettings(cell_m=-1, contiguity="hex", alpha=2, inference="bayes")
    assert len(error.value.problems) == 4


def test_confidence_bins_follow_the_usual_thresholds() -> None:
    counts = np.zeros((9, 9))
    counts[3:6, 3:6] = 5
    counts[0, 0] = 1
    gi = getis_ord_gi_star(counts)
    bins = confidence_bins(gi, inference="normal")
    assert bins[4, 4] == 3
    expected = np.select(
        [gi.p_value < 0.01, gi.p_value < 0.05, gi.p_value < 0.10], [3, 2, 1], 0
    ) * np.where(gi.z > 0, 1, -1)
    np.testing.assert_array_equal(bins, expected)
    assert not confidence_bins(getis_ord_gi_star(np.zeros((3, 3)))).any()
