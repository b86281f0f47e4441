"""Counting into categories, telling 'none' from 'no data', and suppressing small numbers."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.trends import (
    CountTable,
    Quarter,
    SourceCount,
    area_trends,
    categories_of,
    describe,
    shown,
    slug,
)
from linewatch.core.trends.categories import POLICE_UK_CRIME_TYPES

Q4, Q3 = Quarter(2020, 4), Quarter(2020, 3)
CHARNWOOD, MELTON = "E07000130", "E07000133"


def test_police_uk_types_keep_their_names_as_categories() -> None:
    assert categories_of("street_crime", "Drugs", "") == ("drugs",)
    assert categories_of("street_crime", "Anti-social behaviour", "") == ("anti_social_behaviour",)
    assert categories_of("street_crime", "Violence and sexual offences", "") == (
        "violence_and_sexual_offences",
    )
    assert len({slug(t) for t in POLICE_UK_CRIME_TYPES}) == 14
    assert describe("possession_of_weapons").source == "police_uk_street"


def test_seizures_count_in_total_and_per_drug_type() -> None:
    assert categories_of("drug_seizure", "cocaine", "cocaine") == (
        "drug_seizures",
        "drug_seizures:cocaine",
    )
    assert describe("drug_seizures:crack_cocaine").label == "Seizures: crack cocaine"
    assert categories_of("handset_contact", "", "") == ()
    assert categories_of("stop_search", "Controlled drugs", "") == ("stop_and_search",)


def table() -> CountTable:
    return CountTable.tally(
        [
            SourceCount(CHARNWOOD, Q4, "street_crime", "Drugs", "", 12),
            SourceCount(CHARNWOOD, Q4, "street_crime", "Drugs", "", 3),  # another group row
            SourceCount(MELTON, Q4, "needle_find", "park", "", 2),
            SourceCount(CHARNWOOD, Q3, "street_crime", "Drugs", "", 30),
            SourceCount("", Q4, "street_crime", "Drugs", "", 4),  # not placed in any LA
        ]
    )


def test_none_recorded_is_zero_but_a_feed_never_sent_is_no_data() -> None:
    counts = table()
    assert counts.get(CHARNWOOD, Q4, "drugs") == 15
    assert counts.get(CHARNWOOD, Q4, "needle_finds") == 0  # the feed sent Melton's finds
    assert counts.get(CHARNWOOD, Q3, "needle_finds") is None  # no needle data at all in Q3
    assert counts.get(CHARNWOOD, Quarter(2019, 1), "drugs") is None
    assert counts.unplaced[(Q4, "drugs")] == 4


def test_csv_has_the_contract_columns_and_only_counts_that_exist() -> None:
    out = io.StringIO()
    assert table().write_csv(out) == 3
    assert out.getvalue().splitlines() == [
        "la_code,quarter,category,count",
        "E07000130,2020Q3,drugs,30",
        "E07000130,2020Q4,drugs,15",
        "E07000133,2020Q4,needle_finds,2",
    ]


def test_area_trends_compare_and_suppress() -> None:
    trends = area_trends(table(), CHARNWOOD, "Charnwood", Q4, threshold=5, suppress=True)
    drugs = next(t for t in trends.headline if t.category == "drugs")
    assert drugs.count.text == "15"
    assert drugs.vs_previous.change is not None
    assert drugs.vs_previous.change.words == "down 50% (from 30)"
    assert drugs.vs_previous.change.verdict == "more than noise"
    assert drugs.vs_last_year.change is None
    assert drugs.vs_last_year.baseline.text == "no data"
    seizures = next(t for t in trends.headline if t.category == "drug_seizures")
    assert seizures.count.no_data
    melton = area_trends(table(), MELTON, "Melton", Q4, threshold=5, suppress=True)
    finds = next(t for t in melton.headline if t.category == "needle_finds")
    assert finds.count.text == "fewer than 5"
    assert finds.count.value is None
    assert trends.has_data


def test_a_quarter_with_no_data_at_all_says_so() -> None:
    trends = area_trends(
        table(), CHARNWOOD, "Charnwood", Quarter(2018, 1), threshold=5, suppress=False
    )
    assert not trends.has_data
    assert all(t.count.no_data for t in trends.headline)


@given(st.integers(0, 10_000), st.integers(1, 50))
def test_suppression_hides_exactly_the_small_non_zero_counts(count: int, threshold: int) -> None:
    result = shown(count, threshold=threshold, suppress=True)
    if 0 < count < threshold:
        assert result.suppressed
        assert result.value is None
        assert str(count) not in result.text.replace(str(threshold), "")
    else:
        assert result.value == count
    assert shown(count, threshold=threshold, suppress=False).value == count
