"""Population denominators for rates per 1,000 residents, from an operator's file.

Linewatch ships no population estimates, so rates appear only when the operator points
``LINEWATCH_POPULATION_FILE`` at a CSV with the columns ``area_code,population,year``
(an area code is a GSS code of a local authority, ward or LSOA, or an NPA name), e.g. taken
from the ONS mid-year estimates. Without a figure for an area the rate is not shown, in words;
no rate is ever estimated.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from linewatch.core.trends.suppression import Shown

POPULATION_COLUMNS = ("area_code", "population", "year")
PER = 1000


class PopulationFileError(ValueError):
    """The population file cannot be used; the message names every bad row and field."""


@dataclass(frozen=True)
class Population:
    residents: int
    year: int


@dataclass(frozen=True)
class PopulationTable:
    source: str
    by_area: dict[str, Population] = field(default_factory=dict)

    def get(self, area_code: str) -> Population | None:
        return self.by_area.get(area_code)

    def rate_text(self, count: Shown, area_code: str, area_name: str) -> str:
        """``"2.1 per 1,000 residents (mid-2020)"`` or the reason there is no rate."""
        population = self.get(area_code)
        if population is None:
            return f"rate not shown: no population figures configured for {area_name}"
        if count.value is None:
            return f"rate not shown: the count is {count.text}"
        rate = PER * count.value / population.residents
        return f"{rate:.1f} per 1,000 residents (population {population.year})"


NO_POPULATION = PopulationTable("no population file configured")


def parse_population_csv(text: str, source: str) -> PopulationTable:
    """Parse and check the whole file; raise :class:`PopulationFileError` listing problems."""
    reader = csv.DictReader(text.splitlines())
    header = tuple(reader.fieldnames or ())
    if header[: len(POPULATION_COLUMNS)] != POPULATION_COLUMNS:
        raise PopulationFileError(
            f"{source}: the header is {','.join(header) or '(empty)'}; expected "
            f"{','.join(POPULATION_COLUMNS)}"
        )
    problems: list[str] = []
    by_area: dict[str, Population] = {}
    for number, row in enumerate(reader, start=2):
        where = f"{source} row {number}"
        code = (row.get("area_code") or "").strip()
        if not code:
            problems.append(f"{where}: area_code is empty")
            continue
        values: list[int] = []
        ok = True
        for name, low in (("population", 1), ("year", 1900)):
            text_value = (row.get(name) or "").strip()
            try:
                value = int(text_value)
            except ValueError:
                value = -1
            if value < low:
                problems.append(
                    f"{where}: {name} {text_value!r} for {code}: expected a whole number "
                    f"of at least {low}"
                )
                ok = False
            values.append(value)
        if code in by_area:
            problems.append(f"{where}: {code} is given twice")
        elif ok:
            by_area[code] = Population(values[0], values[1])
    if problems:
        raise PopulationFileError(
            f"{len(problems)} problem(s) in the population file: " + "; ".join(problems)
        )
    return PopulationTable(source, by_area)


def load_population(path: str | Path | None) -> PopulationTable:
    """The table from ``path``, or :data:`NO_POPULATION` when no file is configured."""
    if not path:
        return NO_POPULATION
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise PopulationFileError(f"{path}: cannot be read ({error.strerror})") from error
    return parse_population_csv(text, str(path))
