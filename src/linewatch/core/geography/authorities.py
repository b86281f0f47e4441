"""The nine local authorities of Leicester, Leicestershire and Rutland (LLR).

GSS codes are the 2013 vintage of the packaged boundaries; they were unchanged up to 2024.
Each town's centre is the Code-Point Open (2014) postcode nearest the town centre, so it is
an approximate point for maps and the simulator, not a surveyed location.

>>> lookup_authority("charnwood").code
'E07000130'
>>> lookup_authority("E06000016").kind is AuthorityKind.UNITARY
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from linewatch.core.geography.coordinates import BngPoint
from linewatch.core.geography.errors import UnknownArea, UnknownAuthority

LEICESTERSHIRE_COUNTY_CODE = "E10000018"
POLICE_FORCE_AREA_CODE = "E23000021"
POLICE_FORCE_AREA_NAME = "Leicestershire"
EAST_MIDLANDS_REGION_CODE = "E12000004"
GSS_VINTAGE = "2013"


class AuthorityKind(StrEnum):
    """Whether an authority is a unitary council or a district under the county council."""

    UNITARY = "unitary"
    DISTRICT = "district"


@dataclass(frozen=True)
class Town:
    """A main town and the postcode used as its approximate centre."""

    name: str
    authority_code: str
    centre_postcode: str
    centre: BngPoint


@dataclass(frozen=True)
class Authority:
    """An LLR local authority (lower tier): a unitary council or a district."""

    code: str
    name: str
    kind: AuthorityKind
    towns: tuple[Town, ...]

    @property
    def county_code(self) -> str | None:
        """The county council above a district (Leicestershire), or None for a unitary."""
        return LEICESTERSHIRE_COUNTY_CODE if self.kind is AuthorityKind.DISTRICT else None

    @property
    def police_force_area_code(self) -> str:
        """All nine authorities are in the Leicestershire Police force area."""
        return POLICE_FORCE_AREA_CODE


def _authority(
    code: str, name: str, kind: AuthorityKind, *towns: tuple[str, str, int, int]
) -> Authority:
    return Authority(
        code=code,
        name=name,
        kind=kind,
        towns=tuple(Town(t, code, pc, BngPoint(e, n)) for t, pc, e, n in towns),
    )


_U, _D = AuthorityKind.UNITARY, AuthorityKind.DISTRICT

AUTHORITIES: tuple[Authority, ...] = (
    _authority("E06000016", "Leicester", _U, ("Leicester", "LE1 5BN", 458847, 304403)),
    _authority("E06000017", "Rutland", _U,
               ("Oakham", "LE15 6DY", 486123, 308778),
               ("Uppingham", "LE15 9RN", 486645, 299831)),
    _authority("E07000129", "Blaby", _D,
               ("Blaby", "LE8 4HY", 456829, 297699),
               ("Braunstone Town", "LE3 2SW", 455968, 302329),
               ("Narborough", "LE19 2HB", 454180, 297422)),
    _authority("E07000130", "Charnwood", _D,
               ("Loughborough", "LE11 2QG", 453670, 319649),
               ("Shepshed", "LE12 9HU", 447725, 318760),
               ("Syston", "LE7 1GL", 462377, 311642)),
    _authority("E07000131", "Harborough", _D,
               ("Market Harborough", "LE16 7PE", 473379, 287146),
               ("Lutterworth", "LE17 4EF", 454371, 284542)),
    _authority("E07000132", "Hinckley and Bosworth", _D,
               ("Hinckley", "LE10 1NT", 442606, 293850),
               ("Market Bosworth", "CV13 0LF", 440634, 303077)),
    _authority("E07000133", "Melton", _D, ("Melton Mowbray", "LE13 0PU", 475197, 319164)),
    _authority("E07000134", "North West Leicestershire", _D,
               ("Coalville", "LE67 3QN", 442668, 313988),
               ("Ashby-de-la-Zouch", "LE65 2FT", 435508, 316619)),
    _authority("E07000135", "Oadby and Wigston", _D,
               ("Wigston", "LE18 1LW", 460829, 299143),
               ("Oadby", "LE2 4EH", 462365, 301240)),
)  # fmt: skip

LLR_AUTHORITY_CODES: frozenset[str] = frozenset(a.code for a in AUTHORITIES)
TOWNS: tuple[Town, ...] = tuple(t for a in AUTHORITIES for t in a.towns)

_ALIASES = {"nw leicestershire": "E07000134", "north west leics": "E07000134"}


def _name_key(text: str) -> str:
    key = re.sub(r"\s+", " ", text.replace("&", " and ").replace("-", " ")).strip().lower()
    return key.removesuffix(" city").removesuffix(" district").removesuffix(" council")


_BY_KEY: dict[str, Authority] = {
    **{a.code.lower(): a for a in AUTHORITIES},
    **{_name_key(a.name): a for a in AUTHORITIES},
    **{alias: a for a in AUTHORITIES for alias, code in _ALIASES.items() if a.code == code},
}
_TOWNS_BY_KEY: dict[str, Town] = {_name_key(t.name): t for t in TOWNS}


def lookup_authority(code_or_name: str) -> Authority:
    """The authority with this GSS code or name (case, spacing and ``&`` are ignored).

    Raises :class:`UnknownAuthority` listing the allowed codes.
    """
    found = _BY_KEY.get(_name_key(code_or_name))
    if found is None:
        allowed = ", ".join(f"{a.code} {a.name}" for a in AUTHORITIES)
        raise UnknownAuthority(
            f"{code_or_name!r} is not an LLR local authority; expected one of: {allowed}"
        )
    return found


def lookup_town(name: str) -> Town:
    """The main town called ``name``; raises :class:`UnknownArea` listing the known towns."""
    found = _TOWNS_BY_KEY.get(_name_key(name))
    if found is None:
        known = ", ".join(t.name for t in TOWNS)
        raise UnknownArea(f"{name!r} is not a known LLR main town; expected one of: {known}")
    return found
