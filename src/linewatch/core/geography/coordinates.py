"""British National Grid (EPSG:27700) ↔ WGS84 (EPSG:4326) conversion and UK bounds checks.

WGS84 is always (longitude, latitude), as with pyproj's ``always_xy=True``. The transformation
is pinned to the OS 7-parameter Helmert (EPSG:1314, "OSGB36 to WGS 84 (6)", about 2-5 m), the
one Code-Point's own WGS84 columns use. Left to choose, pyproj would pick an operation per
point by area of use, falling back to a 100 m "ballpark" one near the edges, and would give
different answers on machines with the OSTN15 grid installed; pinned, a BNG → WGS84 → BNG
round trip is exact to well under a metre everywhere in the UK box.

>>> point = wgs84_to_bng(-1.124859, 52.632283)
>>> round(point.easting), round(point.northing)
(459327, 304196)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer
from pyproj.enums import TransformDirection

from linewatch.core.geography.errors import CoordinatesOutOfBounds

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"

#: (min lon, min lat, max lon, max lat): the area of use of EPSG:27700, which covers Great
#: Britain, Northern Ireland and UK waters. It is a coarse box (it also holds Calais and part
#: of Ireland), meant to catch swapped, truncated or wrong-CRS coordinates.
UK_WGS84_BOUNDS = (-9.01, 49.75, 2.01, 61.01)

FloatArray = NDArray[np.float64]


class BngPoint(NamedTuple):
    """A British National Grid point in metres."""

    easting: float
    northing: float


class LonLat(NamedTuple):
    """A WGS84 point in decimal degrees, longitude first."""

    lon: float
    lat: float


#: BNG (E, N) → WGS84 (lon, lat): pyproj's EPSG:27700 → EPSG:4326 pipeline for EPSG:1314.
BNG_TO_WGS84_PIPELINE = (
    "+proj=pipeline "
    "+step +inv +proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 "
    "+ellps=airy "
    "+step +proj=push +v_3 "
    "+step +proj=cart +ellps=airy "
    "+step +proj=helmert +x=446.448 +y=-125.157 +z=542.06 +rx=0.15 +ry=0.247 +rz=0.842 "
    "+s=-20.489 +convention=position_vector "
    "+step +inv +proj=cart +ellps=WGS84 "
    "+step +proj=pop +v_3 "
    "+step +proj=unitconvert +xy_in=rad +xy_out=deg"
)


@lru_cache(maxsize=1)
def _transformer() -> Transformer:
    return Transformer.from_pipeline(BNG_TO_WGS84_PIPELINE)


def _to_wgs84(e: Any, n: Any) -> tuple[Any, Any]:
    lon, lat = _transformer().transform(e, n)
    return lon, lat


def _to_bng(lon: Any, lat: Any) -> tuple[Any, Any]:
    e, n = _transformer().transform(lon, lat, direction=TransformDirection.INVERSE)
    return e, n


def _looks_like_degrees(easting: float, northing: float) -> bool:
    # Within 180 m of the false origin is open sea south-west of Scilly, so a value this
    # small is far more likely a longitude/latitude passed as BNG.
    return abs(easting) <= 180 and abs(northing) <= 90


def uk_bounds_problems(point: BngPoint | LonLat) -> list[str]:
    """Describe why ``point`` is not in the UK bounding box; an empty list means it is."""
    if isinstance(point, BngPoint):
        if not (np.isfinite(point.easting) and np.isfinite(point.northing)):
            return [f"BNG point {tuple(point)} is not finite"]
        label = f"BNG point (easting={point.easting}, northing={point.northing})"
        if _looks_like_degrees(point.easting, point.northing):
            return [f"{label} looks like WGS84 degrees; expected BNG metres"]
        lon, lat = _to_wgs84(point.easting, point.northing)
    else:
        lon, lat = point.lon, point.lat
        label = f"WGS84 point (lon={point.lon}, lat={point.lat})"
    if bool(uk_bounds_mask(lon, lat)):
        return []
    min_lon, min_lat, max_lon, max_lat = UK_WGS84_BOUNDS
    return [
        f"{label} is outside the UK: expected longitude {min_lon}..{max_lon} "
        f"and latitude {min_lat}..{max_lat}"
    ]


def within_uk_bounds(point: BngPoint | LonLat) -> bool:
    """Whether ``point`` lies in the UK bounding box (:data:`UK_WGS84_BOUNDS`)."""
    return not uk_bounds_problems(point)


def require_within_uk(point: BngPoint | LonLat) -> None:
    """Raise :class:`CoordinatesOutOfBounds` naming ``point`` if it is outside the UK."""
    problems = uk_bounds_problems(point)
    if problems:
        raise CoordinatesOutOfBounds(problems[0], problems)


def bng_to_wgs84(easting: float, northing: float) -> LonLat:
    """Convert one BNG point to WGS84, rejecting points outside the UK."""
    require_within_uk(BngPoint(easting, northing))
    lon, lat = _to_wgs84(easting, northing)
    return LonLat(float(lon), float(lat))


def wgs84_to_bng(lon: float, lat: float) -> BngPoint:
    """Convert one WGS84 point to BNG, rejecting points outside the UK."""
    require_within_uk(LonLat(lon, lat))
    easting, northing = _to_bng(lon, lat)
    return BngPoint(float(easting), float(northing))


def uk_bounds_mask(lons: ArrayLike, lats: ArrayLike) -> NDArray[np.bool_]:
    """Element-wise :func:`within_uk_bounds` for WGS84 arrays (NaN counts as outside)."""
    lon = np.asarray(lons, dtype=np.float64)
    lat = np.asarray(lats, dtype=np.float64)
    min_lon, min_lat, max_lon, max_lat = UK_WGS84_BOUNDS
    with np.errstate(invalid="ignore"):
        return (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)


def _reject_outside_uk(
    xs: FloatArray, ys: FloatArray, inside: NDArray[np.bool_], crs_label: str
) -> None:
    bad = np.flatnonzero(~inside)
    if bad.size:
        shown = [f"row {i}: ({xs[i]}, {ys[i]})" for i in bad[:5]]
        problems = [f"{crs_label} {s} is outside the UK" for s in shown]
        message = (
            f"{bad.size} of {xs.size} {crs_label} points are outside the UK bounding box "
            f"{UK_WGS84_BOUNDS} (lon/lat), e.g. {'; '.join(shown)}"
        )
        raise CoordinatesOutOfBounds(message, problems)


def _as_float_arrays(xs: ArrayLike, ys: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    if x.shape != y.shape:
        raise CoordinatesOutOfBounds(
            f"coordinate arrays differ in shape: {x.shape} and {y.shape}; expected equal shapes"
        )
    return x, y


def bng_to_wgs84_arrays(
    eastings: ArrayLike, northings: ArrayLike, *, check: bool = True
) -> tuple[FloatArray, FloatArray]:
    """Convert BNG arrays to ``(lons, lats)``; with ``check`` reject any point outside the UK."""
    e, n = _as_float_arrays(eastings, northings)
    lon, lat = _to_wgs84(e, n)
    lon, lat = np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    if check:
        inside = uk_bounds_mask(lon, lat) & ~((np.abs(e) <= 180) & (np.abs(n) <= 90))
        _reject_outside_uk(e, n, inside, "BNG")
    return lon, lat


def checked_wgs84_arrays(lons: ArrayLike, lats: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """WGS84 inputs as float arrays; raise if their shapes differ or any point is not in the UK."""
    lon, lat = _as_float_arrays(lons, lats)
    _reject_outside_uk(lon, lat, uk_bounds_mask(lon, lat), "WGS84")
    return lon, lat


def wgs84_to_bng_arrays(
    lons: ArrayLike, lats: ArrayLike, *, check: bool = True
) -> tuple[FloatArray, FloatArray]:
    """Convert WGS84 arrays to ``(eastings, northings)``; ``check`` rejects non-UK points."""
    lon, lat = checked_wgs84_arrays(lons, lats) if check else _as_float_arrays(lons, lats)
    e, n = _to_bng(lon, lat)
    return np.asarray(e, dtype=np.float64), np.asarray(n, dtype=np.float64)
