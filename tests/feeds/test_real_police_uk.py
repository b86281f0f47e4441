"""Real police.uk files: the committed samples always, the shared 19 months when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.feeds import ParsedRow, RejectedRow, read_feed

from .conftest import NOW, SAMPLES, SHARED_DATA

REAL = SAMPLES / "real"
SHARED_STREET = SHARED_DATA / "police-uk-leicestershire-street"
SHARED_STOP_SEARCH = (
    SHARED_DATA
    / "police-uk-stop-and-search-gmp-sample"
    / "stop_and_search_greater_manchester_2016-03_2019-02.csv"
)


def read_all(kind: str, path: Path) -> tuple[list[ParsedRow | RejectedRow], object]:
    reading = read_feed(kind, path, agency="leicestershire-police", now=NOW)
    return list(reading), reading


def test_committed_street_months_parse_completely() -> None:
    rows, reading = read_all("police-uk-street", REAL / "2020-01-leicestershire-street.csv")
    assert reading.error is None  # type: ignore[attr-defined]
    assert reading.counts == {"rows": 8852, "parsed": 8852, "rejected": 0, "blank": 0}  # type: ignore[attr-defined]
    first, second = rows[0], rows[1]
    assert isinstance(first, ParsedRow)
    assert isinstance(second, ParsedRow)
    assert first.values["Crime type"] == "Anti-social behaviour"
    assert first.values["Crime ID"] is None
    assert first.row_key.startswith("sha256:")
    assert second.row_key == "347b0899598023a0c54946b9fcd4cbe1a1ad379c994e43a660841c9c1a5b7200"
    assert second.values["Longitude"] == -1.210015
    assert second.values["Latitude"] == 52.62141
    assert second.values["Month"].isoformat() == "2020-01-01"
    assert second.values["LSOA name"] == "Blaby 002A"
    assert second.row_number == 3
    assert len({row.row_key for row in rows}) == len(rows)
    no_point = [r for r in rows if isinstance(r, ParsedRow) and r.values["Longitude"] is None]
    assert no_point
    assert all(r.values["LSOA code"] is None for r in no_point)


def test_committed_gmp_stop_and_search_slice_warns_about_extra_columns() -> None:
    rows, reading = read_all("police-uk-stop-search", REAL / "gmp-stop-and-search-500.csv")
    assert reading.error is None  # type: ignore[attr-defined]
    assert reading.counts["parsed"] == 500  # type: ignore[attr-defined]
    assert reading.warnings == [  # type: ignore[attr-defined]
        "columns not in the police-uk-stop-search format, kept as extra data: 'admin_ward', "
        "'postcode', 'lsoa', 'geocode_failed', 'admin_ward_code'"
    ]
    first = rows[0]
    assert isinstance(first, ParsedRow)
    assert first.extra["postcode"] == "OL11 4DP"
    assert first.values["Part of a policing operation"] is False
    assert first.values["Date"].isoformat() == "2016-03-01T03:00:00+00:00"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_STREET.is_dir(), reason="shared police.uk data not present")
def test_all_19_shared_months_parse() -> None:
    files = sorted(SHARED_STREET.glob("*-leicestershire-street.csv"))
    assert len(files) == 19
    total = rejected = asb = 0
    for path in files:
        reading = read_feed("police-uk-street", path, now=NOW)
        for row in reading:
            total += 1
            if isinstance(row, RejectedRow):
                rejected += 1
            elif row.values["Crime type"] == "Anti-social behaviour":
                asb += 1
        assert reading.error is None
    assert (total, rejected, asb) == (153_403, 0, 19_745)


@pytest.mark.skipif(not SHARED_STOP_SEARCH.is_file(), reason="shared GMP data not present")
def test_full_gmp_sample_parses() -> None:
    _, reading = read_all("police-uk-stop-search", SHARED_STOP_SEARCH)
    assert reading.counts == {"rows": 9421, "parsed": 9421, "rejected": 0, "blank": 0}  # type: ignore[attr-defined]
