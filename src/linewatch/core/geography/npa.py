"""Neighbourhood policing areas (NPAs): a configurable mapping from ward or authority to NPA.

The packaged ``npa.yaml`` is an approximation (one NPA per district, Leicester split into
City Centre, East and West by ward). An operator points ``LINEWATCH_NPA_FILE`` at their own
file in the same format; it is checked in full when loaded and every problem is reported.

>>> npa_for("E05001789", "E06000016")
'Leicester City Centre'
>>> npa_for(None, "E07000130")
'Charnwood'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from linewatch.core.geography.authorities import AUTHORITIES, LLR_AUTHORITY_CODES, lookup_authority
from linewatch.core.geography.boundaries import ward_boundaries
from linewatch.core.geography.errors import NpaConfigurationError, UnknownArea
from linewatch.core.geography.reference_data import read_text

NPA_FILE = "npa.yaml"
NPA_FILE_ENV = "LINEWATCH_NPA_FILE"


@dataclass(frozen=True)
class NpaMap:
    """A validated ward/authority → NPA name mapping."""

    source: str
    names: tuple[str, ...]
    by_ward: dict[str, str]
    by_authority: dict[str, str]

    def npa_for(self, ward_code: str | None, authority_code: str) -> str:
        """The NPA of a ward in an authority; with no ward, the authority's NPA."""
        authority = lookup_authority(authority_code)
        wards = ward_boundaries()
        if ward_code is not None:
            if wards.authority_of(ward_code) != authority.code:
                raise UnknownArea(
                    f"ward {ward_code!r} is in {wards.authority_of(ward_code)}, not in "
                    f"{authority.code} {authority.name}; expected a ward of that authority"
                )
            if ward_code in self.by_ward:
                return self.by_ward[ward_code]
        if authority.code in self.by_authority:
            return self.by_authority[authority.code]
        raise UnknownArea(
            f"{authority.name} is split into NPAs by ward in {self.source}, so a ward code is "
            f"needed; got {ward_code!r}"
        )


def _as_codes(entry: dict[str, Any], key: str, where: str, problems: list[str]) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        problems.append(f"{where}: {key!r} must be a list of GSS codes, got {value!r}")
        return []
    return value


def parse_npa_map(text: str, source: str) -> NpaMap:
    """Parse and check an NPA YAML document; raise :class:`NpaConfigurationError` listing
    every problem found."""
    problems: list[str] = []
    document = yaml.safe_load(text)
    entries = document.get("neighbourhood_policing_areas") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise NpaConfigurationError(
            f"{source}: expected a mapping with a non-empty 'neighbourhood_policing_areas' list"
        )
    wards = ward_boundaries()
    names: list[str] = []
    by_ward: dict[str, str] = {}
    by_authority: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: NPA #{number}"
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: expected a mapping with a non-empty 'name', got {entry!r}")
            continue
        where = f"{source}: NPA {name!r}"
        if name in names:
            problems.append(f"{where} is defined twice; NPA names must be unique")
        names.append(name)
        unknown = set(entry) - {"name", "wards", "authorities"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}; expected name, wards, "
                            "authorities")  # fmt: skip
        for code in _as_codes(entry, "authorities", where, problems):
            if code not in LLR_AUTHORITY_CODES:
                problems.append(f"{where}: {code!r} is not an LLR authority code; expected one "
                                f"of {sorted(LLR_AUTHORITY_CODES)}")  # fmt: skip
            elif code in by_authority:
                problems.append(f"{where}: authority {code} is already in {by_authority[code]!r}")
            else:
                by_authority[code] = name
        for code in _as_codes(entry, "wards", where, problems):
            if code not in wards:
                problems.append(f"{where}: {code!r} is not an LLR ward code (wards 2013)")
            elif code in by_ward:
                problems.append(f"{where}: ward {code} is already in {by_ward[code]!r}")
            else:
                by_ward[code] = name
    for authority in AUTHORITIES:
        uncovered = [w for w in wards.codes_in(authority.code) if w not in by_ward]
        if authority.code not in by_authority and uncovered:
            problems.append(
                f"{source}: {authority.code} {authority.name} has no NPA for wards "
                f"{', '.join(uncovered)}; list the authority or all of its wards"
            )
    if problems:
        raise NpaConfigurationError(
            f"{len(problems)} problem(s) in the NPA mapping: " + "; ".join(problems), problems
        )
    return NpaMap(source, tuple(names), by_ward, by_authority)


def load_npa_map(path: str | Path | None = None) -> NpaMap:
    """Load the NPA mapping from ``path``, else ``$LINEWATCH_NPA_FILE``, else the packaged one."""
    chosen = path if path is not None else os.environ.get(NPA_FILE_ENV)
    if chosen is None:
        return parse_npa_map(read_text(NPA_FILE), f"packaged {NPA_FILE}")
    return parse_npa_map(Path(chosen).read_text(encoding="utf-8"), str(chosen))


@lru_cache(maxsize=1)
def npa_map() -> NpaMap:
    """The configured NPA mapping, loaded once per process."""
    return load_npa_map()


def npa_for(ward_code: str | None, la_code: str) -> str:
    """The neighbourhood policing area of a ward (or, with no ward, of an authority)."""
    return npa_map().npa_for(ward_code, la_code)
