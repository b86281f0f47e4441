"""Real LLR places for the scenario: postcodes, police.uk snap points, towns and addresses.

The tables under ``data/`` are derived from OS Code-Point Open (postcodes) and data.police.uk
street-level files (snap points, "On or near <street>", LSOA); see ``data/README.md``.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

LA_NAMES: dict[str, str] = {
    "E06000016": "Leicester",
    "E06000017": "Rutland",
    "E07000129": "Blaby",
    "E07000130": "Charnwood",
    "E07000131": "Harborough",
    "E07000132": "Hinckley and Bosworth",
    "E07000133": "Melton",
    "E07000134": "North West Leicestershire",
    "E07000135": "Oadby and Wigston",
}

#: The council that takes ASB reports and needle finds in each local authority.
LA_COUNCIL: dict[str, str] = {
    "E06000016": "leicester-city-council",
    "E06000017": "rutland-county-council",
    "E07000129": "blaby-dc",
    "E07000130": "charnwood-bc",
    "E07000131": "harborough-dc",
    "E07000132": "hinckley-bosworth-bc",
    "E07000133": "melton-bc",
    "E07000134": "nw-leicestershire-dc",
    "E07000135": "oadby-wigston-bc",
}

#: The authority keeping social-care person records (adults and children) for each LA.
LA_SOCIAL_CARE: dict[str, str] = {
    "E06000016": "leicester-city-council",
    "E06000017": "rutland-county-council",
    **{code: "leicestershire-county-council" for code in LA_NAMES if code.startswith("E07")},
}


@dataclass(frozen=True, slots=True)
class StreetPoint:
    """A police.uk anonymous map point."""

    lon: str
    lat: str
    location: str
    lsoa_code: str
    lsoa_name: str


@dataclass(frozen=True, slots=True)
class Postcode:
    """A real LLR postcode with its coordinates, LA and nearest snap point and street."""

    postcode: str
    easting: int
    northing: int
    la_code: str
    lat: float
    lon: float
    point: int
    street: str


@dataclass(frozen=True, slots=True)
class Town:
    """An importing market town or a Leicester estate: a centre and a radius."""

    name: str
    la_code: str
    lat: float
    lon: float
    radius_km: float


IMPORTING_TOWNS: tuple[Town, ...] = (
    Town("Loughborough", "E07000130", 52.7721, -1.2062, 2.5),
    Town("Coalville", "E07000134", 52.7225, -1.3700, 2.0),
    Town("Melton Mowbray", "E07000133", 52.7661, -0.8867, 2.0),
    Town("Market Harborough", "E07000131", 52.4775, -0.9208, 2.0),
    Town("Hinckley", "E07000132", 52.5387, -1.3725, 2.0),
    Town("Oakham", "E06000017", 52.6705, -0.7333, 1.5),
    Town("Shepshed", "E07000130", 52.7667, -1.2950, 1.2),
    Town("Lutterworth", "E07000131", 52.4556, -1.2000, 1.2),
    Town("Ashby-de-la-Zouch", "E07000134", 52.7460, -1.4760, 1.3),
    Town("Wigston", "E07000135", 52.5850, -1.1050, 1.5),
    Town("Braunstone, Leicester", "E06000016", 52.6230, -1.1870, 1.0),
    Town("Beaumont Leys, Leicester", "E06000016", 52.6650, -1.1580, 1.0),
    Town("Saffron Lane, Leicester", "E06000016", 52.6050, -1.1350, 0.9),
    Town("New Parks, Leicester", "E06000016", 52.6400, -1.1900, 0.9),
    Town("Highfields, Leicester", "E06000016", 52.6290, -1.1140, 0.8),
)


def _read_gz(name: str) -> list[dict[str, str]]:
    ref = resources.files("linewatch.simulate") / "data" / name
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def street_points() -> tuple[StreetPoint, ...]:
    """Every snap point, indexed by ``Postcode.point``."""
    rows = _read_gz("street_points.csv.gz")
    return tuple(
        StreetPoint(r["lon"], r["lat"], r["location"], r["lsoa_code"], r["lsoa_name"]) for r in rows
    )


@lru_cache(maxsize=1)
def postcodes() -> tuple[Postcode, ...]:
    """Every LLR postcode, sorted."""
    return tuple(
        Postcode(
            r["postcode"],
            int(r["easting"]),
            int(r["northing"]),
            r["la_code"],
            float(r["lat"]),
            float(r["lon"]),
            int(r["point_id"]),
            r["street"],
        )
        for r in _read_gz("postcode_places.csv.gz")
        if r["la_code"] in LA_NAMES
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians(lat1))
    return math.hypot(dx, dy)


@cache
def town_postcodes(name: str) -> tuple[Postcode, ...]:
    """The postcodes of a town: within its radius and in its local authority."""
    town = next(t for t in IMPORTING_TOWNS if t.name == name)
    return tuple(
        p
        for p in postcodes()
        if p.la_code == town.la_code and _km(town.lat, town.lon, p.lat, p.lon) <= town.radius_km
    )


@lru_cache(maxsize=1)
def postcode_index() -> dict[str, Postcode]:
    """Postcodes by their normalised text."""
    return {p.postcode: p for p in postcodes()}


@lru_cache(maxsize=1)
def background_weights() -> tuple[float, ...]:
    """Cumulative weights for background events: more in deprived LSOAs and town centres."""
    deciles = _imd_deciles()
    points = street_points()
    total = 0.0
    cumulative: list[float] = []
    for p in postcodes():
        decile = deciles.get(points[p.point].lsoa_code, 5)
        total += (11 - decile) ** 1.3
        cumulative.append(total)
    return tuple(cumulative)


def _imd_deciles() -> dict[str, int]:
    ref = resources.files("linewatch") / "data" / "geography" / "imd2015_lsoa11.csv"
    rows = csv.DictReader(io.StringIO(ref.read_text(encoding="utf-8")))
    return {r["LSOA11CD"]: int(r["imd_decile"]) for r in rows}


@dataclass(frozen=True, slots=True)
class Address:
    """A home or premises: the house part, street, town word and real postcode."""

    address_id: str
    house: str
    postcode: Postcode

    @property
    def line(self) -> str:
        """The address without the postcode, e.g. ``'14 Hobill Close'``."""
        return f"{self.house} {self.postcode.street}"


def nearby(postcode: Postcode, pool: tuple[Postcode, ...], km: float) -> list[Postcode]:
    """Postcodes in ``pool`` within ``km`` of ``postcode`` (always includes itself)."""
    found = [p for p in pool if _km(postcode.lat, postcode.lon, p.lat, p.lon) <= km]
    return found or [postcode]
