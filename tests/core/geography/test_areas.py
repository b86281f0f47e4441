import csv
import io

import numpy as np
import pytest

from linewatch.core.geography import (
    BngPoint,
    CoordinatesOutOfBounds,
    Crs,
    LonLat,
    UnknownArea,
    areas_at,
    authorities_at,
    authority_at,
    authority_boundaries,
    lsoa_at,
    lsoa_boundaries,
    lsoas_at,
    ward_at,
    ward_boundaries,
    wards_at,
    wgs84_to_bng_arrays,
)
from linewatch.core.geography.reference_data import read_text


def _centroids() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text("lsoa2011_centroids.csv"))))


def test_layers_hold_the_llr_areas() -> None:
    assert len(authority_boundaries()) == 9
    assert len(ward_boundaries()) == 171
    assert len(lsoa_boundaries()) == 611
    assert lsoa_boundaries().name_of("E01013600") == "Leicester 003A"
    assert all(g.is_valid for g in lsoa_boundaries().geometries)


def test_every_lsoa_centroid_falls_in_its_authority() -> None:
    rows = _centroids()
    assert len(rows) == 611
    lons = [float(r["lon"]) for r in rows]
    lats = [float(r["lat"]) for r in rows]
    found = authorities_at(lons, lats, crs=Crs.WGS84)
    assert [str(code) for code in found] == [r["LAD13CD"] for r in rows]
    assert {r["LAD13CD"] for r in rows} == set(authority_boundaries().codes)


def test_lsoa_point_on_surface_falls_in_that_lsoa() -> None:
    layer = lsoa_boundaries()
    inner = [g.point_on_surface() for g in layer.geometries]
    found = layer.codes_at([p.x for p in inner], [p.y for p in inner])
    assert list(found) == list(layer.codes)


def test_single_point_lookups_accept_bng_and_wgs84() -> None:
    bng = BngPoint(459327, 304196)  # LE1 1AA
    wgs84 = LonLat(-1.124859, 52.632283)
    assert authority_at(bng) == authority_at(wgs84) == "E06000016"
    assert ward_at(bng) == ward_at(wgs84) == "E05001789"
    assert lsoa_at(bng) == lsoa_at(wgs84)
    assert areas_at(bng) == (authority_at(bng), ward_at(bng), lsoa_at(bng))


@pytest.mark.parametrize(
    "point",
    [
        LonLat(-0.1276, 51.5072),  # London
        LonLat(-1.1581, 52.9548),  # Nottingham
        LonLat(-1.4746, 52.9225),  # Derby
        BngPoint(530000, 180000),  # London in BNG
    ],
)
def test_points_outside_llr_give_none(point: BngPoint | LonLat) -> None:
    assert areas_at(point) == (None, None, None)


def test_points_outside_the_uk_are_rejected() -> None:
    with pytest.raises(CoordinatesOutOfBounds):
        authority_at(LonLat(2.35, 48.86))
    with pytest.raises(CoordinatesOutOfBounds, match="row 1"):
        lsoas_at([459327, 5], [304196, 5])


def test_bulk_lookups_agree_with_single_lookups_and_between_crs() -> None:
    rng = np.random.default_rng(20240601)
    lons = rng.uniform(-1.7, -0.3, 500)
    lats = rng.uniform(52.35, 53.0, 500)
    eastings, northings = wgs84_to_bng_arrays(lons, lats)
    bulk = authorities_at(lons, lats, crs=Crs.WGS84)
    assert list(bulk) == [authority_at(LonLat(x, y)) for x, y in zip(lons, lats, strict=True)]
    # BNG goes through pyproj and back, so allow a boundary point or two to differ.
    for lookup in (authorities_at, wards_at, lsoas_at):
        from_bng = lookup(eastings, northings)
        from_wgs84 = lookup(lons, lats, crs=Crs.WGS84)
        assert (from_bng == from_wgs84).mean() > 0.99
    assert any(code is None for code in bulk)
    assert {code for code in bulk if code is not None} <= set(authority_boundaries().codes)


def test_unknown_area_codes_are_clear_errors() -> None:
    with pytest.raises(UnknownArea, match="'E01999999' is not an LLR LSOA code"):
        lsoa_boundaries().name_of("E01999999")


@pytest.mark.slow
def test_a_million_points_are_looked_up_in_bulk() -> None:
    rng = np.random.default_rng(7)
    eastings = rng.uniform(430_000, 500_000, 1_000_000)
    northings = rng.uniform(280_000, 340_000, 1_000_000)
    lsoa_boundaries()
    codes = lsoas_at(eastings, northings)
    assert codes.shape == (1_000_000,)
