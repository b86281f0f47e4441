"""Rates need an operator's population file; without one the rate is refused in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.core.trends import (
    NO_POPULATION,
    PopulationFileError,
    load_population,
    parse_population_csv,
    shown,
)


def test_no_file_means_no_rate_and_says_so() -> None:
    assert load_population(None) is NO_POPULATION
    text = NO_POPULATION.rate_text(shown(80, threshold=5, suppress=False), "E07000130", "Charnwood")
    assert text == "rate not shown: no population figures configured for Charnwood"


def test_a_configured_population_gives_a_rate_per_thousand(tmp_path: Path) -> None:
    path = tmp_path / "population.csv"
    # figures made up for the test: the file is the operator's, never packaged
    path.write_text("area_code,population,year\nE07000130,200000,2020\n", "utf-8")
    table = load_population(path)
    count = shown(80, threshold=5, suppress=False)
    assert table.rate_text(count, "E07000130", "Charnwood") == (
        "0.4 per 1,000 residents (population 2020)"
    )
    assert table.rate_text(shown(3, threshold=5, suppress=True), "E07000130", "Charnwood") == (
        "rate not shown: the count is fewer than 5"
    )
    assert table.rate_text(count, "E07000129", "Blaby").startswith("rate not shown: no population")


def test_every_bad_row_and_field_is_named() -> None:
    with pytest.raises(PopulationFileError, match="expected area_code,population,year"):
        parse_population_csv("code,people\nE07000130,1\n", "p.csv")
    with pytest.raises(PopulationFileError) as raised:
        parse_population_csv(
            "area_code,population,year\nE07000130,lots,2020\n,5,2020\nE07000129,5,20\n"
            "E07000131,5,2020\nE07000131,6,2020\n",
            "p.csv",
        )
    message = str(raised.value)
    assert "4 problem(s)" in message
    assert "p.csv row 2: population 'lots' for E07000130" in message
    assert "p.csv row 3: area_code is empty" in message
    assert (
        "p.csv row 4: year '20' for E07000129: expected a whole number of at least 1900" in message
    )
    assert "p.csv row 6: E07000131 is given twice" in message
    with pytest.raises(PopulationFileError, match="cannot be read"):
        load_population("/nonexistent/population.csv")
