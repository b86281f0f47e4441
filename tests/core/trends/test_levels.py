"""Trends below the local authority: NPA, ward and LSOA breakdowns, and changes that matter."""

from __future__ import annotations

import pytest

from linewatch.core.geography import lsoa_boundaries, ward_boundaries
from linewatch.core.trends import (
    Level,
    PlacedCount,
    Quarter,
    area_map,
    breakdown_table,
    changed_most,
    parse_level,
    sub_area_codes,
    sub_area_trends,
)
from linewatch.core.trends.levels import csv_rows, key

Q3, Q4 = Quarter(2020, 3), Quarter(2020, 4)
# Loughborough (Charnwood): ward E05005436, LSOA E01025703.
LOUGHBOROUGH = (-1.2062, 52.7721)
# Leicester, Castle ward (NPA Leicester City Centre), LSOA E01032867.
CASTLE = (-1.1340, 52.6345)
LEICESTER, CHARNWOOD = "E06000016", "E07000130"


def row(
    la: str,
    point: tuple[float, float] | None,
    n: int,
    quarter: Quarter = Q4,
    *,
    lsoa: str = "",
    ward: str = "",
    category: str = "Drugs",
) -> PlacedCount:
    lon, lat = point if point else (None, None)
    return PlacedCount(la, lsoa, ward, lon, lat, quarter, "street_crime", category, "", n)


def test_levels_parse_and_name_the_allowed_values() -> None:
    assert parse_level(" Ward ") is Level.WARD
    with pytest.raises(ValueError, match="expected one of la, npa, ward, lsoa"):
        parse_level("county")


def test_each_row_is_placed_inside_its_own_authority() -> None:
    rows = [
        row(CHARNWOOD, LOUGHBOROUGH, 1),
        # published LSOA in another authority (Harborough): the point's LSOA is used
        row(CHARNWOOD, LOUGHBOROUGH, 1, lsoa="E01025806"),
        # no point: the location's ward, and no LSOA
        row(CHARNWOOD, None, 1, ward="E05005436"),
        # a point in Leicester for an event counted in Charnwood: not placed in a ward
        row(CHARNWOOD, CASTLE, 1),
        row(LEICESTER, CASTLE, 1),
        row(LEICESTER, None, 1),
    ]
    assert sub_area_codes(Level.WARD, rows) == [
        "E05005436",
        "E05005436",
        "E05005436",
        "",
        "E05001789",
        "",
    ]
    assert sub_area_codes(Level.LSOA, rows) == [
        "E01025703",
        "E01025703",
        "",
        "",
        "E01032867",
        "",
    ]
    # Charnwood is one NPA whatever the ward; Leicester is split by ward, so no ward: not placed
    assert sub_area_codes(Level.NPA, rows) == [
        "Charnwood",
        "Charnwood",
        "Charnwood",
        "Charnwood",
        "Leicester City Centre",
        "",
    ]
    assert ward_boundaries().authority_of("E05005436") == CHARNWOOD
    assert lsoa_boundaries().authority_of("E01025703") == CHARNWOOD


def test_sub_areas_add_up_to_the_authority_and_keep_no_data_apart() -> None:
    rows = [
        row(CHARNWOOD, LOUGHBOROUGH, 40, Q3),
        row(CHARNWOOD, LOUGHBOROUGH, 80),
        row(CHARNWOOD, None, 5),
        row("", None, 2),
    ]
    la = breakdown_table(Level.LA, rows)
    ward = breakdown_table(Level.WARD, rows)
    assert la.get(CHARNWOOD, Q4, "drugs") == 85
    assert ward.get(key(CHARNWOOD, "E05005436"), Q4, "drugs") == 80
    assert ward.get(key(CHARNWOOD, ""), Q4, "drugs") == 5
    assert sum(n for (a, q, c), n in ward.counts.items() if q == Q4) == 85
    assert ward.unplaced[(Q4, "drugs")] == 2
    # a feed that sent nothing in Q4 is no data in every ward, not zero
    assert ward.get(key(CHARNWOOD, "E05005436"), Q4, "needle_finds") is None
    # another Charnwood ward with no drug offence this quarter: zero, since the feed had data
    assert ward.get(key(CHARNWOOD, "E05005426"), Q4, "drugs") == 0
    assert csv_rows(Level.WARD, ward) == [
        (CHARNWOOD, "", "2020Q4", "drugs", 5),
        (CHARNWOOD, "E05005436", "2020Q3", "drugs", 40),
        (CHARNWOOD, "E05005436", "2020Q4", "drugs", 80),
    ]


def test_changed_most_lists_only_changes_beyond_noise_and_respects_suppression() -> None:
    rows = [
        row(CHARNWOOD, LOUGHBOROUGH, 40, Q3),
        row(CHARNWOOD, LOUGHBOROUGH, 80),  # doubled: more than noise
        row(LEICESTER, CASTLE, 20, Q3),
        row(LEICESTER, CASTLE, 22),  # within noise
        row(CHARNWOOD, None, 1, Q3),
        row(CHARNWOOD, None, 30),  # big rise, but not placed in a ward: never listed
    ]
    table = breakdown_table(Level.WARD, rows)
    changes = changed_most(table, Level.WARD, CHARNWOOD, Q4, threshold=5, suppress=True)
    assert [(c.code, c.trend.category, c.against) for c in changes] == [
        ("E05005436", "drugs", "the previous quarter")
    ]
    assert changes[0].comparison.change is not None
    assert changes[0].comparison.change.words == "up 100% (from 40)"
    assert "Loughborough" in changes[0].name or changes[0].name.endswith("(E05005436)")
    assert changed_most(table, Level.WARD, LEICESTER, Q4, threshold=5, suppress=True) == []
    # 3 against 40 is a significant fall, but 3 is suppressed for partners: not shown
    small = breakdown_table(Level.WARD, [row(CHARNWOOD, LOUGHBOROUGH, 40, Q3),
                                         row(CHARNWOOD, LOUGHBOROUGH, 3)])  # fmt: skip
    assert changed_most(small, Level.WARD, CHARNWOOD, Q4, threshold=5, suppress=True) == []
    police = changed_most(small, Level.WARD, CHARNWOOD, Q4, threshold=5, suppress=False)
    assert [c.trend.count.value for c in police] == [3]


def test_sub_area_trends_and_map_by_level() -> None:
    rows = [row(LEICESTER, CASTLE, 12), row(LEICESTER, None, 2)]
    table = breakdown_table(Level.NPA, rows)
    trends = sub_area_trends(table, Level.NPA, LEICESTER, Q4, "drugs", threshold=5, suppress=True)
    assert [(t.code, t.trend.count.text) for t in trends] == [
        ("Leicester City Centre", "12"),
        ("", "fewer than 5"),
    ]
    assert trends[1].name == "not placed in any neighbourhood policing area"
    svg = area_map(LEICESTER, {"Leicester City Centre": 12}, title="t", level=Level.NPA)
    assert 'data-level="npa"' in svg
    assert svg.count("data-npa=") == 3  # City Centre, East, West
    assert (
        'fill="#1d70b8" stroke="#ffffff" stroke-width="0.5" data-npa="Leicester City Centre"' in svg
    )
    wards = area_map(CHARNWOOD, {"E05005436": 80}, title="t", level=Level.WARD)
    assert wards.count("data-ward=") == len(ward_boundaries().codes_in(CHARNWOOD))
