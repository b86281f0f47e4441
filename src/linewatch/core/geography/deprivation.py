"""English Indices of Deprivation 2015: IMD rank and decile for the 611 LLR LSOAs (2011).

Rank 1 is the most deprived of England's 32,844 LSOAs; decile 1 is the most deprived tenth.

>>> imd2015("E01013600").decile in range(1, 11)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from linewatch.core.geography.errors import UnknownArea
from linewatch.core.geography.reference_data import read_csv_rows

IMD_FILE = "imd2015_lsoa11.csv"
ENGLAND_LSOA_COUNT = 32_844


@dataclass(frozen=True, slots=True)
class Deprivation:
    """The IMD 2015 position of one LSOA."""

    lsoa_code: str
    rank: int
    decile: int


@lru_cache(maxsize=1)
def imd2015_table() -> dict[str, Deprivation]:
    """LSOA code → :class:`Deprivation` for every LLR LSOA."""
    return {
        r["LSOA11CD"]: Deprivation(r["LSOA11CD"], int(r["imd_rank"]), int(r["imd_decile"]))
        for r in read_csv_rows(IMD_FILE)
    }


def imd2015(lsoa_code: str) -> Deprivation:
    """The IMD 2015 rank and decile of an LLR LSOA; raises :class:`UnknownArea` otherwise."""
    found = imd2015_table().get(lsoa_code)
    if found is None:
        raise UnknownArea(
            f"{lsoa_code!r} is not an LLR LSOA 2011 code; expected one of the "
            f"{len(imd2015_table())} LLR codes such as 'E01013600'"
        )
    return found
