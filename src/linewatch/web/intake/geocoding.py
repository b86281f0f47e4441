"""Geography for a chunk of drafts: postcode → point and areas; point → areas; in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from linewatch.core.geography import (
    GeographyError,
    authorities_at,
    bng_to_wgs84_arrays,
    lsoa_boundaries,
    lsoas_at,
    npa_for,
    postcode_index,
    wards_at,
    wgs84_to_bng_arrays,
)


@dataclass
class Placed:
    easting: int | None = None
    northing: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    la_code: str = ""
    lsoa_code: str = ""
    ward_code: str = ""
    npa: str = ""


@lru_cache(maxsize=1)
def _lsoa_authorities() -> dict[str, str]:
    layer = lsoa_boundaries()
    return dict(zip(layer.codes, layer.authority_codes, strict=True))


def authority_of_lsoa(lsoa_code: str) -> str:
    return _lsoa_authorities().get(lsoa_code, "")


@lru_cache(maxsize=4096)
def _npa(ward_code: str, la_code: str) -> str:
    if not la_code:
        return ""
    try:
        return npa_for(ward_code or None, la_code)
    except GeographyError:
        try:
            return npa_for(None, la_code)
        except GeographyError:
            return ""


def place_postcodes_and_points(
    postcodes: list[str], eastings: list[int | None], northings: list[int | None]
) -> list[Placed]:
    """Geography for places given by postcode and/or BNG point (the point wins when both)."""
    index = postcode_index()
    result = [Placed() for _ in postcodes]
    need_areas: list[int] = []
    for i, (postcode, e, n) in enumerate(zip(postcodes, eastings, northings, strict=True)):
        placed = result[i]
        if e is not None and n is not None:
            placed.easting, placed.northing = int(e), int(n)
            need_areas.append(i)
            continue
        found = index.get(postcode) if postcode else None
        if found is not None:
            placed.easting, placed.northing = found.easting, found.northing
            placed.latitude, placed.longitude = found.lat, found.lon
            placed.la_code, placed.ward_code = found.authority_code, found.ward_code
            placed.lsoa_code = found.lsoa_code or ""
            placed.npa = _npa(placed.ward_code, placed.la_code)
    if need_areas:
        xs = np.array([result[i].easting for i in need_areas], dtype=np.float64)
        ys = np.array([result[i].northing for i in need_areas], dtype=np.float64)
        lons, lats = bng_to_wgs84_arrays(xs, ys, check=False)
        las, lsoas, wards = authorities_at(xs, ys), lsoas_at(xs, ys), wards_at(xs, ys)
        for j, i in enumerate(need_areas):
            placed = result[i]
            placed.longitude, placed.latitude = round(float(lons[j]), 6), round(float(lats[j]), 6)
            placed.la_code, placed.lsoa_code = las[j] or "", lsoas[j] or ""
            placed.ward_code = wards[j] or ""
            placed.npa = _npa(placed.ward_code, placed.la_code)
    return result


def place_lonlats(
    lons: list[float | None], lats: list[float | None], lsoa_codes: list[str]
) -> list[Placed]:
    """Geography for WGS84 points (police.uk), using the published LSOA where there is one."""
    result = [Placed() for _ in lons]
    have = [
        i
        for i, (lon, lat) in enumerate(zip(lons, lats, strict=True))
        if lon is not None and lat is not None
    ]
    if not have:
        for i, code in enumerate(lsoa_codes):
            result[i].lsoa_code, result[i].la_code = code, authority_of_lsoa(code)
        return result
    xs, ys = wgs84_to_bng_arrays(
        np.array([lons[i] for i in have], dtype=np.float64),
        np.array([lats[i] for i in have], dtype=np.float64),
        check=False,
    )
    missing_lsoa = [j for j, i in enumerate(have) if not authority_of_lsoa(lsoa_codes[i])]
    point_las: dict[int, str] = {}
    if missing_lsoa:
        found = authorities_at(xs[missing_lsoa], ys[missing_lsoa])
        point_las = {j: found[k] or "" for k, j in enumerate(missing_lsoa)}
    for j, i in enumerate(have):
        placed = result[i]
        placed.easting, placed.northing = round(xs[j]), round(ys[j])
        placed.longitude, placed.latitude = lons[i], lats[i]
        placed.lsoa_code = lsoa_codes[i]
        placed.la_code = authority_of_lsoa(lsoa_codes[i]) or point_las.get(j, "")
    for i, code in enumerate(lsoa_codes):
        if lons[i] is None:
            result[i].lsoa_code, result[i].la_code = code, authority_of_lsoa(code)
    return result
