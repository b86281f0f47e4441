import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from linewatch.core.geography import (
    UK_WGS84_BOUNDS,
    BngPoint,
    CoordinatesOutOfBounds,
    LonLat,
    bng_to_wgs84,
    bng_to_wgs84_arrays,
    require_within_uk,
    wgs84_to_bng,
    wgs84_to_bng_arrays,
    within_uk_bounds,
)

LE1_1AA_BNG = BngPoint(459327, 304196)
LE1_1AA_WGS84 = LonLat(-1.124859, 52.632283)  # Code-Point README check value

eastings = st.floats(min_value=0, max_value=700_000, allow_nan=False)
northings = st.floats(min_value=0, max_value=1_250_000, allow_nan=False)


def test_known_point_converts_both_ways_within_a_metre() -> None:
    lon, lat = bng_to_wgs84(*LE1_1AA_BNG)
    assert lon == pytest.approx(LE1_1AA_WGS84.lon, abs=1e-5)
    assert lat == pytest.approx(LE1_1AA_WGS84.lat, abs=1e-5)
    easting, northing = wgs84_to_bng(*LE1_1AA_WGS84)
    assert math.dist((easting, northing), LE1_1AA_BNG) < 1.0


@given(eastings, northings)
def test_bng_wgs84_round_trip_is_within_a_metre(easting: float, northing: float) -> None:
    assume(within_uk_bounds(BngPoint(easting, northing)))
    back = wgs84_to_bng(*bng_to_wgs84(easting, northing))
    assert math.dist(back, (easting, northing)) < 1.0


@given(st.lists(st.tuples(eastings, northings), min_size=1, max_size=50))
def test_array_conversion_matches_single_points(points: list[tuple[float, float]]) -> None:
    points = [p for p in points if within_uk_bounds(BngPoint(*p))]
    assume(points)
    e, n = np.array(points).T
    lons, lats = bng_to_wgs84_arrays(e, n)
    for (easting, northing), lon, lat in zip(points, lons, lats, strict=True):
        assert (lon, lat) == pytest.approx(tuple(bng_to_wgs84(easting, northing)))
    back_e, back_n = wgs84_to_bng_arrays(lons, lats)
    assert np.hypot(back_e - e, back_n - n).max() < 1.0


@pytest.mark.parametrize(
    "point",
    [
        LonLat(2.35, 48.86),  # Paris
        LonLat(-74.0, 40.7),  # New York
        LonLat(52.63, -1.12),  # latitude and longitude swapped
        LonLat(float("nan"), 52.6),
        BngPoint(459327, 3041960),  # a digit too many
        BngPoint(-1.124859, 52.632283),  # degrees passed as BNG
        BngPoint(float("inf"), 0),
    ],
)
def test_points_outside_the_uk_are_rejected_naming_the_value(point: BngPoint | LonLat) -> None:
    assert not within_uk_bounds(point)
    with pytest.raises(CoordinatesOutOfBounds) as raised:
        require_within_uk(point)
    shown = str(point.easting if isinstance(point, BngPoint) else point.lon)
    assert shown in str(raised.value)
    convert = bng_to_wgs84 if isinstance(point, BngPoint) else wgs84_to_bng
    with pytest.raises(CoordinatesOutOfBounds):
        convert(*point)


@pytest.mark.parametrize(
    "point",
    [
        LonLat(-5.93, 54.60),  # Belfast
        LonLat(-1.15, 60.15),  # Lerwick
        LonLat(-6.30, 49.91),  # St Mary's, Isles of Scilly
        LonLat(1.75, 52.48),  # Lowestoft
        LE1_1AA_BNG,
    ],
)
def test_points_in_great_britain_and_northern_ireland_are_accepted(
    point: BngPoint | LonLat,
) -> None:
    assert within_uk_bounds(point)


def test_bulk_conversion_reports_each_bad_row() -> None:
    with pytest.raises(CoordinatesOutOfBounds) as raised:
        wgs84_to_bng_arrays([-1.12, 2.35, -1.2], [52.6, 48.86, 95.0])
    error = raised.value
    assert "2 of 3" in str(error)
    assert [p.split(":")[0] for p in error.problems] == ["WGS84 row 1", "WGS84 row 2"]
    assert str(UK_WGS84_BOUNDS) in str(error)


def test_bulk_conversion_can_skip_the_check() -> None:
    lons, _ = bng_to_wgs84_arrays([-10_000_000.0], [0.0], check=False)
    assert lons.shape == (1,)


def test_bulk_conversion_rejects_mismatched_shapes() -> None:
    with pytest.raises(CoordinatesOutOfBounds, match="differ in shape"):
        bng_to_wgs84_arrays([1.0, 2.0], [3.0])
