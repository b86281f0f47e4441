"""Trends below the local authority: per neighbourhood policing area (NPA), ward or LSOA.

Each event keeps the local authority it was counted in (``area_code``); its sub-area is
found inside that authority only, so the sub-areas of an authority add up to the authority's
count (the rest are *not placed* at that level, never dropped):

- **LSOA** (2011): the event's own ``lsoa_code`` when that LSOA is in the authority, else
  the LSOA containing its map point;
- **ward** (2013): the ward containing its map point, else its location's ward;
- **NPA**: the configured NPA of that ward (``linewatch.core.geography.npa``), or the
  authority's NPA when the whole authority is one NPA.

A sub-area is keyed by ``"<LA code>/<sub-area code>"`` in a :class:`CountTable`, so every
existing trend function (changes, suppression, "no data") works on it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from linewatch.core.geography import GeographyError, lsoa_boundaries, npa_map, ward_boundaries
from linewatch.core.trends.counts import CountTable, SourceCount
from linewatch.core.trends.quarters import Quarter

NOT_PLACED = ""
#: ``linewatch trends --level …``: the authority-level columns with the sub-area added.
LEVEL_CSV_COLUMNS = ("la_code", "area_code", "quarter", "category", "count")


class Level(StrEnum):
    """The geography trends are counted by."""

    LA = "la"
    NPA = "npa"
    WARD = "ward"
    LSOA = "lsoa"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def plural(self) -> str:
        return LEVEL_PLURALS[self]


LEVEL_LABELS = {
    Level.LA: "local authority",
    Level.NPA: "neighbourhood policing area",
    Level.WARD: "ward",
    Level.LSOA: "LSOA",
}
LEVEL_PLURALS = {
    Level.LA: "local authorities",
    Level.NPA: "neighbourhood policing areas",
    Level.WARD: "wards",
    Level.LSOA: "LSOAs",
}
SUB_LEVELS = (Level.NPA, Level.WARD, Level.LSOA)


def parse_level(text: str) -> Level:
    """``"ward"`` → :attr:`Level.WARD`; anything else names the allowed values."""
    try:
        return Level(text.strip().lower())
    except ValueError:
        allowed = ", ".join(level.value for level in Level)
        raise ValueError(f"unknown level {text!r}; expected one of {allowed}") from None


@dataclass(frozen=True)
class PlacedCount:
    """``n`` events of one kind/category/drug type at one place in one authority and quarter.

    ``lon``/``lat`` are the events' map point (WGS84) and ``ward_code`` their location's
    ward, when known; a database ``GROUP BY`` on those columns gives these rows.
    """

    la_code: str
    lsoa_code: str
    ward_code: str
    lon: float | None
    lat: float | None
    quarter: Quarter
    kind: str
    category: str
    drug_type: str
    n: int


def key(la_code: str, code: str) -> str:
    """The :class:`CountTable` area key of sub-area ``code`` of authority ``la_code``."""
    return f"{la_code}/{code}"


def split_key(area_key: str) -> tuple[str, str]:
    la_code, _, code = area_key.partition("/")
    return la_code, code


def _points_in(layer_kind: str, rows: Sequence[PlacedCount]) -> list[str | None]:
    layer = ward_boundaries() if layer_kind == "ward" else lsoa_boundaries()
    have = [i for i, r in enumerate(rows) if r.lon is not None and r.lat is not None]
    found: list[str | None] = [None] * len(rows)
    if have:
        lons = np.array([rows[i].lon for i in have], dtype=np.float64)
        lats = np.array([rows[i].lat for i in have], dtype=np.float64)
        for i, code in zip(have, layer.codes_at(lons, lats), strict=True):
            found[i] = code
    return found


def _in_authority(layer_kind: str, code: str | None, la_code: str) -> bool:
    layer = ward_boundaries() if layer_kind == "ward" else lsoa_boundaries()
    return bool(code) and code in layer and layer.authority_of(str(code)) == la_code


def npa_of_ward(ward_code: str, la_code: str) -> str:
    """The NPA of a ward of ``la_code`` (``""`` when the ward is needed and unknown)."""
    mapping = npa_map()
    if ward_code and ward_code in mapping.by_ward:
        return mapping.by_ward[ward_code]
    try:
        return mapping.npa_for(None, la_code)
    except GeographyError:
        return NOT_PLACED  # split by ward, and the ward is not known


def sub_area_codes(level: Level, rows: Sequence[PlacedCount]) -> list[str]:
    """The sub-area of each row at ``level`` (``""``: not placed at that level)."""
    if level is Level.LA:
        return [r.la_code for r in rows]
    if level is Level.LSOA:
        by_point = _points_in("lsoa", rows)
        return [
            r.lsoa_code
            if _in_authority("lsoa", r.lsoa_code, r.la_code)
            else (str(p) if _in_authority("lsoa", p, r.la_code) else NOT_PLACED)
            for r, p in zip(rows, by_point, strict=True)
        ]
    by_point = _points_in("ward", rows)
    wards = [
        str(p)
        if _in_authority("ward", p, r.la_code)
        else (r.ward_code if _in_authority("ward", r.ward_code, r.la_code) else NOT_PLACED)
        for r, p in zip(rows, by_point, strict=True)
    ]
    if level is Level.WARD:
        return wards
    return [
        npa_of_ward(w, r.la_code) if r.la_code else NOT_PLACED
        for r, w in zip(rows, wards, strict=True)
    ]


def breakdown_table(level: Level, rows: Iterable[PlacedCount]) -> CountTable:
    """Counts keyed by :func:`key` (authority and sub-area) for ``level``.

    Rows in no authority go to the table's ``unplaced``, as at authority level.
    """
    rows = list(rows)
    codes = sub_area_codes(level, rows)
    return CountTable.tally(
        SourceCount(
            (key(r.la_code, code) if level is not Level.LA else code) if r.la_code else "",
            r.quarter,
            r.kind,
            r.category,
            r.drug_type,
            r.n,
        )
        for r, code in zip(rows, codes, strict=True)
    )


def area_name(level: Level, code: str) -> str:
    """A sub-area's name for a page or report (``"not placed in a ward"`` for ``""``)."""
    if not code:
        return f"not placed in any {level.label}"
    if level is Level.WARD and code in ward_boundaries():
        return f"{ward_boundaries().name_of(code)} ({code})"
    if level is Level.LSOA and code in lsoa_boundaries():
        return f"{lsoa_boundaries().name_of(code)} ({code})"
    return code


def sub_areas_of(table: CountTable, la_code: str) -> list[str]:
    """The sub-area codes of ``la_code`` with any count in ``table`` (``""`` last)."""
    codes = {split_key(a)[1] for a, _, _ in table.counts if split_key(a)[0] == la_code}
    return sorted(codes, key=lambda c: (c == NOT_PLACED, c))


def csv_rows(level: Level, table: CountTable) -> list[tuple[str, str, str, str, int]]:
    """``la_code, area_code, quarter, category, count`` rows, sorted, non-zero counts."""
    rows = []
    for area_key, quarter, category, n in table.rows():
        la_code, code = split_key(area_key) if level is not Level.LA else (area_key, area_key)
        rows.append((la_code, code, str(quarter), category, n))
    return sorted(rows)
