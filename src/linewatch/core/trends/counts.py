"""Counting events per area × quarter × category, and knowing when there is no data.

The input is already aggregated (one :class:`SourceCount` per area, quarter, kind, category
and drug type with how many events), which is what a database ``GROUP BY`` gives.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from linewatch.core.trends.categories import categories_of, describe
from linewatch.core.trends.quarters import Quarter

CSV_COLUMNS = ("la_code", "quarter", "category", "count")


@dataclass(frozen=True)
class SourceCount:
    """``n`` events of one kind/category/drug type in one area and quarter."""

    area_code: str
    quarter: Quarter
    kind: str
    category: str
    drug_type: str
    n: int


@dataclass
class CountTable:
    """Counts per (area, quarter, category), and which feeds had any data in which quarter.

    A count that is absent is zero only if its feed sent data for that quarter (anywhere);
    otherwise there is *no data*, and :meth:`get` answers ``None`` rather than a false zero.
    """

    counts: Counter[tuple[str, Quarter, str]] = field(default_factory=Counter)
    covered: set[tuple[str, Quarter]] = field(default_factory=set)
    unplaced: Counter[tuple[Quarter, str]] = field(default_factory=Counter)

    @classmethod
    def tally(cls, rows: Iterable[SourceCount]) -> CountTable:
        table = cls()
        for row in rows:
            for name in categories_of(row.kind, row.category, row.drug_type):
                table.covered.add((describe(name).source, row.quarter))
                if row.area_code:
                    table.counts[(row.area_code, row.quarter, name)] += row.n
                else:
                    table.unplaced[(row.quarter, name)] += row.n
        return table

    def get(self, area_code: str, quarter: Quarter, category: str) -> int | None:
        """The count, 0 when the feed had data that quarter but none here, None if no data."""
        value = self.counts.get((area_code, quarter, category), 0)
        if value == 0 and (describe(category).source, quarter) not in self.covered:
            return None
        return value

    def has_data(self, area_code: str, quarter: Quarter) -> bool:
        """Whether any event at all was counted in this area and quarter."""
        return any(a == area_code and q == quarter for a, q, _ in self.counts)

    def quarters(self) -> list[Quarter]:
        return sorted({q for _, q in self.covered})

    def categories(self, area_code: str | None = None) -> list[str]:
        return sorted({c for a, _, c in self.counts if area_code is None or a == area_code})

    def rows(self) -> list[tuple[str, Quarter, str, int]]:
        """Every non-zero count, sorted by area, quarter and category."""
        return sorted((a, q, c, n) for (a, q, c), n in self.counts.items() if n)

    def write_csv(self, out: TextIO) -> int:
        """``la_code,quarter,category,count``, one row per non-zero count; returns rows."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        rows = self.rows()
        writer.writerows((a, str(q), c, n) for a, q, c, n in rows)
        return len(rows)
