"""Bail conditions: an exclusion area, people not to contact, and when the conditions expire.

An exclusion area is either a set of ONS GSS codes (local authorities, wards, LSOAs) or a
polygon drawn on a map (GeoJSON, WGS84 longitude/latitude). A bail condition can only be set
for a person who has been in custody: an arrest or a charge of that person must be recorded
on or before the day the bail starts (Bail Act 1976 s3(6); PACE 1984 s47(1A) for pre-charge
bail).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shapely.geometry import shape
from shapely.validation import explain_validity

from linewatch.core.interventions.errors import InterventionError

__all__ = [
    "AREA_KINDS",
    "BailConditions",
    "CustodyRecord",
    "area_kind_of",
    "parse_exclusion_polygon",
    "validate_bail",
]

# GSS entity codes (ONS Register of Geographic Codes): E06/E07/E08/E09 local authorities,
# E05 electoral wards, E01 LSOAs (W.. for Wales).
AREA_KINDS = {
    "E06": "local authority",
    "E07": "local authority",
    "E08": "local authority",
    "E09": "local authority",
    "W06": "local authority",
    "E05": "ward",
    "W05": "ward",
    "E01": "LSOA",
    "W01": "LSOA",
}
GSS = re.compile(r"^[EW]\d{8}$")
# Great Britain and around, in WGS84: a drawn area outside it is a mistake (axes swapped?).
GB_BOUNDS = (-9.0, 49.0, 2.5, 61.0)
CUSTODY_KINDS = ("arrest", "charge")


@dataclass(frozen=True)
class CustodyRecord:
    """An arrest or charge recorded for a person."""

    person_id: int
    kind: str
    on: date


@dataclass(frozen=True)
class BailConditions:
    """Validated bail conditions for one person."""

    person_id: int
    starts_on: date
    expires_on: date
    area_codes: tuple[str, ...] = ()
    polygon: dict[str, Any] | None = None
    no_contact_person_ids: tuple[int, ...] = ()
    other_conditions: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_details(self) -> dict[str, Any]:
        """The JSON stored with the intervention and shared in packages."""
        return {
            "exclusion_area_codes": list(self.area_codes),
            "exclusion_polygon": self.polygon,
            "no_contact_person_ids": list(self.no_contact_person_ids),
            "other_conditions": self.other_conditions,
            "expires_on": self.expires_on.isoformat(),
        }


def area_kind_of(code: str) -> str | None:
    """'local authority', 'ward' or 'LSOA' for a GSS code, or ``None`` if it is not one.

    >>> area_kind_of("E07000130"), area_kind_of("E01025683"), area_kind_of("LE11")
    ('local authority', 'LSOA', None)
    """
    code = code.strip().upper()
    if not GSS.match(code):
        return None
    return AREA_KINDS.get(code[:3])


def parse_exclusion_polygon(text: str) -> dict[str, Any]:
    """A GeoJSON Polygon (or a Feature holding one) drawn in WGS84; raises ``ValueError``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"the drawn area is not valid GeoJSON ({error.msg})") from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError("the drawn area must be a GeoJSON Polygon or MultiPolygon")
    try:
        geometry = shape(data)
    except (ValueError, TypeError, AttributeError, IndexError) as error:
        raise ValueError(f"the drawn area's coordinates are not a polygon ({error})") from None
    if geometry.is_empty or not geometry.is_valid:
        reason = explain_validity(geometry) if not geometry.is_empty else "it is empty"
        raise ValueError(f"the drawn area is not a valid polygon: {reason}")
    west, south, east, north = geometry.bounds
    lo_x, lo_y, hi_x, hi_y = GB_BOUNDS
    if west < lo_x or east > hi_x or south < lo_y or north > hi_y:
        raise ValueError(
            "the drawn area is outside Great Britain; coordinates must be longitude, latitude "
            "(WGS84), for example [-1.2, 52.77]"
        )
    result: dict[str, Any] = data
    return result


def validate_bail(
    *,
    person_id: int | None,
    starts_on: date | None,
    expires_on: date | None,
    area_codes: Iterable[str] = (),
    polygon_text: str = "",
    no_contact_person_ids: Iterable[int] = (),
    other_conditions: str = "",
    custody: Iterable[CustodyRecord] = (),
) -> BailConditions:
    """Check bail conditions; raise :class:`InterventionError` naming every bad field.

    Refused: no person; a person with no arrest or charge recorded on or before the bail
    start; an expiry before the start; an area code that is not an LA, ward or LSOA GSS code;
    a drawn area that is not a valid polygon in Great Britain; no condition at all; the
    person themself on their own non-contact list.
    """
    problems: list[tuple[str, str]] = []
    codes = tuple(dict.fromkeys(c.strip().upper() for c in area_codes if c.strip()))
    for code in codes:
        if area_kind_of(code) is None:
            problems.append(
                (
                    "exclusion_area_codes",
                    f"{code} is not a local authority, ward or LSOA code (expected a GSS code "
                    "such as E07000130, E05012345 or E01025683)",
                )
            )
    polygon = None
    if polygon_text.strip():
        try:
            polygon = parse_exclusion_polygon(polygon_text)
        except ValueError as error:
            message = str(error)
            problems.append(("exclusion_polygon", message[:1].upper() + message[1:]))
    others = tuple(dict.fromkeys(no_contact_person_ids))
    if person_id is None:
        problems.append(("person", "Choose the person the bail conditions are for"))
    else:
        if person_id in others:
            problems.append(
                ("no_contact_persons", "The person on bail cannot be on their own non-contact list")
            )
        if starts_on is not None and not _in_custody(person_id, starts_on, custody):
            problems.append(
                (
                    "person",
                    "Bail conditions can only be set for a person who has been in custody: "
                    "record their arrest or charge (on or before the bail start date) first",
                )
            )
    if starts_on is None:
        problems.append(("started_on", "Enter the date the bail conditions start"))
    if expires_on is None:
        problems.append(("ends_on", "Enter the date the bail conditions expire"))
    elif starts_on is not None and expires_on < starts_on:
        problems.append(
            (
                "ends_on",
                f"The expiry date ({expires_on:%d/%m/%Y}) must be on or after the start date "
                f"({starts_on:%d/%m/%Y})",
            )
        )
    if not (codes or polygon_text.strip() or others or other_conditions.strip()):
        problems.append(
            (
                "exclusion_area_codes",
                "Give at least one condition: an exclusion area, a person not to contact, or "
                "another condition",
            )
        )
    if problems:
        raise InterventionError(problems)
    assert person_id is not None
    assert starts_on is not None
    assert expires_on is not None
    return BailConditions(
        person_id=person_id,
        starts_on=starts_on,
        expires_on=expires_on,
        area_codes=codes,
        polygon=polygon,
        no_contact_person_ids=others,
        other_conditions=other_conditions.strip(),
    )


def _in_custody(person_id: int, on: date, custody: Iterable[CustodyRecord]) -> bool:
    return any(r.person_id == person_id and r.kind in CUSTODY_KINDS and r.on <= on for r in custody)
