"""Point → local authority, ward and LSOA, for one point or millions.

Points may be :class:`BngPoint` / :class:`LonLat`, or arrays with a :class:`Crs`. Points in
the UK but outside LLR give None; points outside the UK raise ``CoordinatesOutOfBounds``.

>>> authority_at(BngPoint(459327, 304196))
'E06000016'
>>> authority_at(LonLat(-0.1276, 51.5072)) is None  # London
True
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from numpy.typing import ArrayLike

from linewatch.core.geography.boundaries import (
    AreaLayer,
    ObjectArray,
    authority_boundaries,
    lsoa_boundaries,
    ward_boundaries,
)
from linewatch.core.geography.coordinates import (
    BNG,
    WGS84,
    BngPoint,
    FloatArray,
    LonLat,
    bng_to_wgs84,
    bng_to_wgs84_arrays,
    checked_wgs84_arrays,
    require_within_uk,
)


class Crs(StrEnum):
    """The coordinate reference system of bulk input arrays."""

    BNG = BNG
    WGS84 = WGS84


class AreaCodes(NamedTuple):
    """The GSS codes of the areas a point falls in (None outside LLR)."""

    authority_code: str | None
    ward_code: str | None
    lsoa_code: str | None


def _as_lonlat(point: BngPoint | LonLat) -> LonLat:
    if isinstance(point, BngPoint):
        return bng_to_wgs84(point.easting, point.northing)
    require_within_uk(point)
    return point


def _as_lonlat_arrays(xs: ArrayLike, ys: ArrayLike, crs: Crs) -> tuple[FloatArray, FloatArray]:
    if crs is Crs.BNG:
        return bng_to_wgs84_arrays(xs, ys)
    return checked_wgs84_arrays(xs, ys)


def _code_at(layer: AreaLayer, point: BngPoint | LonLat) -> str | None:
    lonlat = _as_lonlat(point)
    code: str | None = layer.codes_at([lonlat.lon], [lonlat.lat])[0]
    return code


def authority_at(point: BngPoint | LonLat) -> str | None:
    """The GSS code of the LLR local authority containing ``point``, or None."""
    return _code_at(authority_boundaries(), point)


def ward_at(point: BngPoint | LonLat) -> str | None:
    """The GSS code of the LLR ward (2013) containing ``point``, or None."""
    return _code_at(ward_boundaries(), point)


def lsoa_at(point: BngPoint | LonLat) -> str | None:
    """The GSS code of the LLR LSOA (2011) containing ``point``, or None."""
    return _code_at(lsoa_boundaries(), point)


def areas_at(point: BngPoint | LonLat) -> AreaCodes:
    """Authority, ward and LSOA of ``point`` in one call."""
    return AreaCodes(authority_at(point), ward_at(point), lsoa_at(point))


def authorities_at(xs: ArrayLike, ys: ArrayLike, *, crs: Crs = Crs.BNG) -> ObjectArray:
    """Vectorised :func:`authority_at`: an object array of codes, None outside LLR."""
    return authority_boundaries().codes_at(*_as_lonlat_arrays(xs, ys, crs))


def wards_at(xs: ArrayLike, ys: ArrayLike, *, crs: Crs = Crs.BNG) -> ObjectArray:
    """Vectorised :func:`ward_at`."""
    return ward_boundaries().codes_at(*_as_lonlat_arrays(xs, ys, crs))


def lsoas_at(xs: ArrayLike, ys: ArrayLike, *, crs: Crs = Crs.BNG) -> ObjectArray:
    """Vectorised :func:`lsoa_at`."""
    return lsoa_boundaries().codes_at(*_as_lonlat_arrays(xs, ys, crs))
