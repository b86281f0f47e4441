"""Postcode lookups against the packaged OS Code-Point Open (August 2014) extract for LLR.

Each of the 22,617 postcodes carries its BNG and WGS84 point, local authority and ward as
published. Code-Point Open has no LSOA, so the LSOA is the one whose boundary covers the
postcode point, found for all postcodes at once when the index is built; when that LSOA lies
in another authority than the published one (generalised boundaries near a border), or no
LSOA covers the point, the nearest LSOA of the published authority is used instead.

>>> locate_postcode("le113tu").authority_code
'E07000130'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely

from linewatch.core.geography.authorities import lookup_authority
from linewatch.core.geography.boundaries import AreaLayer, lsoa_boundaries, ward_boundaries
from linewatch.core.geography.coordinates import BngPoint, FloatArray, LonLat
from linewatch.core.geography.errors import UnknownPostcode
from linewatch.core.geography.postcode_format import normalise_postcode
from linewatch.core.geography.reference_data import read_text

POSTCODE_FILE = "codepoint_open_2014_08.csv.gz"
POSTCODE_SOURCE = "OS Code-Point Open 2014-08"


@dataclass(frozen=True, slots=True)
class PostcodeLocation:
    """Where a postcode is and which areas it falls in."""

    postcode: str
    easting: int
    northing: int
    lat: float
    lon: float
    authority_code: str
    ward_code: str
    lsoa_code: str

    @property
    def bng(self) -> BngPoint:
        """The postcode point on the British National Grid."""
        return BngPoint(self.easting, self.northing)

    @property
    def lonlat(self) -> LonLat:
        """The postcode point in WGS84."""
        return LonLat(self.lon, self.lat)


class PostcodeIndex:
    """Postcode → :class:`PostcodeLocation`, with lists per authority and ward."""

    def __init__(self, locations: list[PostcodeLocation]) -> None:
        ordered = sorted(locations, key=lambda loc: loc.postcode)
        self._by_postcode = {loc.postcode: loc for loc in ordered}
        self._by_authority: dict[str, list[str]] = {}
        self._by_ward: dict[str, list[str]] = {}
        for loc in ordered:
            self._by_authority.setdefault(loc.authority_code, []).append(loc.postcode)
            self._by_ward.setdefault(loc.ward_code, []).append(loc.postcode)

    def __len__(self) -> int:
        return len(self._by_postcode)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_postcode)

    def __contains__(self, postcode: object) -> bool:
        return isinstance(postcode, str) and self.get(postcode) is not None

    def get(self, postcode: str) -> PostcodeLocation | None:
        """The location of ``postcode`` in any case and spacing, or None if not packaged."""
        try:
            return self._by_postcode.get(normalise_postcode(postcode))
        except ValueError:
            return None

    def lookup(self, postcode: str) -> PostcodeLocation:
        """The location of ``postcode``.

        Raises :class:`InvalidPostcode` for text not in the UK format and
        :class:`UnknownPostcode` for a postcode that is not in the LLR extract.
        """
        normalised = normalise_postcode(postcode)
        found = self._by_postcode.get(normalised)
        if found is None:
            raise UnknownPostcode(
                f"postcode {normalised!r} is not in the {POSTCODE_SOURCE} extract of "
                f"{len(self):,} LLR postcodes; expected a postcode in one of the nine LLR "
                "authorities that existed in August 2014"
            )
        return found

    def postcodes_in(self, authority: str) -> tuple[str, ...]:
        """Postcodes of one local authority (GSS code or name), in alphabetical order."""
        code = lookup_authority(authority).code
        return tuple(self._by_authority.get(code, ()))

    def postcodes_in_ward(self, ward_code: str) -> tuple[str, ...]:
        """Postcodes of one ward, in alphabetical order; raises ``UnknownArea`` if unknown."""
        ward_boundaries().index_of(ward_code)
        return tuple(self._by_ward.get(ward_code, ()))


def _assign_lsoas(
    lons: FloatArray, lats: FloatArray, authority_codes: list[str], lsoas: AreaLayer
) -> list[str]:
    covering = lsoas.indices_at(lons, lats)
    lsoa_authority = np.array([*lsoas.authority_codes, ""], dtype=object)[covering]
    result = [lsoas.codes[i] for i in covering]
    for i in np.flatnonzero(lsoa_authority != np.asarray(authority_codes, dtype=object)):
        candidates = [lsoas.index_of(c) for c in lsoas.codes_in(authority_codes[i])]
        point = shapely.points(lons[i], lats[i])
        distances = shapely.distance(lsoas.geometries[candidates], point)
        result[i] = lsoas.codes[candidates[int(np.argmin(distances))]]
    return result


def _spaced(fixed_width: str) -> str:
    # Code-Point Open pads postcodes to 7 characters ("LE113TU", "LE1 1AA").
    return f"{fixed_width[:-3].rstrip()} {fixed_width[-3:]}"


def load_postcode_index() -> PostcodeIndex:
    """Read the packaged extract and assign each postcode its LSOA (about half a second)."""
    header, *rows = csv.reader(io.StringIO(read_text(POSTCODE_FILE)))
    column = {name: i for i, name in enumerate(header)}
    pc, east, north = column["Postcode"], column["Eastings"], column["Northings"]
    la, ward, lat, lon = (
        column[c] for c in ("Admin_district_code", "Admin_ward_code", "lat", "lon")
    )
    lons = np.array([r[lon] for r in rows], dtype=np.float64)
    lats = np.array([r[lat] for r in rows], dtype=np.float64)
    authority_codes = [r[la] for r in rows]
    lsoa_codes = _assign_lsoas(lons, lats, authority_codes, lsoa_boundaries())
    return PostcodeIndex(
        [
            PostcodeLocation(
                _spaced(r[pc]), int(r[east]), int(r[north]), float(r[lat]), float(r[lon]),
                r[la], r[ward], lsoa,
            )
            for r, lsoa in zip(rows, lsoa_codes, strict=True)
        ]
    )  # fmt: skip


@lru_cache(maxsize=1)
def postcode_index() -> PostcodeIndex:
    """The packaged postcode index, built on first use and then shared."""
    return load_postcode_index()


def locate_postcode(postcode: str) -> PostcodeLocation:
    """Shortcut for ``postcode_index().lookup(postcode)``."""
    return postcode_index().lookup(postcode)


def postcodes_in(authority: str) -> tuple[str, ...]:
    """Postcodes of one local authority (GSS code or name), in alphabetical order."""
    return postcode_index().postcodes_in(authority)


def postcodes_in_ward(ward_code: str) -> tuple[str, ...]:
    """Postcodes of one ward (2013/2014 GSS code), in alphabetical order."""
    return postcode_index().postcodes_in_ward(ward_code)
