"""Every kind reads its valid sample; each kind of bad file gets a clear, specific answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.feeds import FEEDS, ParsedRow, RejectedRow, read_feed

from .conftest import NOW, SAMPLES

VALID = sorted((SAMPLES / "valid").glob("*.csv"))


def kind_of(path: Path) -> str:
    return path.name.split("--")[0].removesuffix(".csv")


def test_every_kind_has_a_valid_sample() -> None:
    assert {kind_of(p) for p in VALID} == set(FEEDS)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_sample_parses_every_row(path: Path) -> None:
    reading = read_feed(kind_of(path), path, agency="test-agency", now=NOW)
    rows = list(reading)
    assert reading.error is None
    assert rows
    assert all(isinstance(row, ParsedRow) for row in rows), [
        row.errors for row in rows if isinstance(row, RejectedRow)
    ]
    assert reading.counts == {"rows": len(rows), "parsed": len(rows), "rejected": 0, "blank": 0}
    assert len(reading.checksum or "") == 64
    assert len({row.row_key for row in rows}) == len(rows)
    assert [row.row_number for row in rows] == sorted(row.row_number for row in rows)


def read(name: str) -> tuple[list[ParsedRow | RejectedRow], object]:
    path = SAMPLES / "invalid" / name
    reading = read_feed(kind_of(path), path, agency="test-agency", now=NOW)
    return list(reading), reading


FILE_ERRORS = {
    "intelligence--cp1252.csv": ["line 2", "0xE9", "'é'", "UTF-8"],
    "intelligence--utf16.csv": ["UTF-16"],
    "intelligence--semicolon.csv": ["expected comma-separated", "semicolon"],
    "intelligence--missing-column.csv": [
        "missing required column: submitted_at",
        "Expected header: agency,ref,submitted_at",
    ],
    "intelligence--empty.csv": ["the file is empty", "expected a header row"],
}


@pytest.mark.parametrize("name", sorted(FILE_ERRORS))
def test_bad_file_is_rejected_whole(name: str) -> None:
    rows, reading = read(name)
    assert rows == []
    assert reading.error is not None  # type: ignore[attr-defined]
    for fragment in FILE_ERRORS[name]:
        assert fragment in reading.error.reason  # type: ignore[attr-defined]


ROW_ERRORS = {
    "intelligence--impossible-date.csv": [
        ("submitted_at", "'31/02/2021 10:15' is not a real date")
    ],
    "intelligence--invalid-postcode.csv": [("postcode", "'LE99 9ZZZ' is not a UK postcode")],
    "intelligence--invalid-phone.csv": [("phones", "'0770 090' is not a valid phone number")],
    "intelligence--c-without-conditions.csv": [
        ("handling_conditions", "handling code C needs handling_conditions"),
        ("intelligence_assessment", "all of source_evaluation, intelligence_assessment"),
    ],
    "intelligence--dates-out-of-range.csv": [
        ("submitted_at", "is in the future"),
        ("submitted_at", "is before 1900"),
    ],
    "police-uk-street--outside-uk.csv": [
        ("Longitude", "longitude 12.5 is outside the UK (-8.7 to 1.8)"),
        ("Latitude", "Longitude is given without Latitude"),
    ],
    "missing-episodes--found-before-reported.csv": [
        ("surname", "neither surname nor full_name"),
        ("found_at", "found_at 2021-03-01 16:30 is before reported_missing_at"),
    ],
    "asb--dob-and-coordinates.csv": [
        ("northing", "easting is given without northing"),
        ("dob", "date of birth 2021-03-01 is after reported_at 2021-02-01"),
    ],
}


@pytest.mark.parametrize("name", sorted(ROW_ERRORS))
def test_bad_rows_are_kept_with_their_reasons(name: str) -> None:
    rows, reading = read(name)
    assert reading.error is None  # type: ignore[attr-defined]
    errors = [
        (e.field, e.message) for row in rows if isinstance(row, RejectedRow) for e in row.errors
    ]
    for field, fragment in ROW_ERRORS[name]:
        assert any(f == field and fragment in m for f, m in errors), errors
    for row in rows:
        assert isinstance(row, RejectedRow)
        assert row.raw
        assert row.fields
        assert all(e.row_number == row.row_number for e in row.errors)


def test_ragged_rows_are_rejected_and_the_rest_read() -> None:
    rows, _ = read("intelligence--ragged-row.csv")
    assert [type(row).__name__ for row in rows] == ["RejectedRow", "RejectedRow", "ParsedRow"]
    too_many, too_few, _ = rows
    assert isinstance(too_many, RejectedRow)
    assert isinstance(too_few, RejectedRow)
    assert "row has 11 fields; the header has 10" in too_many.errors[0].message
    assert "row has 5 fields" in too_few.errors[0].message
    assert too_many.fields[4] == " near the shop"


def test_extra_column_warns_and_is_kept() -> None:
    rows, reading = read("intelligence--extra-column.csv")
    assert "officer_notes" in reading.warnings[0]  # type: ignore[attr-defined]
    assert isinstance(rows[0], ParsedRow)
    assert rows[0].extra == {"officer_notes": "checked"}


def test_header_only_is_accepted_with_a_warning() -> None:
    rows, reading = read("intelligence--header-only.csv")
    assert rows == []
    assert reading.error is None
    assert reading.warnings == ["the file has a header but no rows"]  # type: ignore[attr-defined]


def test_duplicate_refs_share_a_key_so_the_loader_upserts() -> None:
    rows, _ = read("intelligence--duplicate-ref.csv")
    assert [row.row_key for row in rows if isinstance(row, ParsedRow)] == [
        "leicestershire-police|INT-1",
        "leicestershire-police|INT-1",
    ]


def test_html_is_kept_verbatim_and_flagged() -> None:
    reading = read_feed("intelligence", SAMPLES / "valid" / "intelligence.csv", now=NOW)
    rows = [row for row in reading if isinstance(row, ParsedRow)]
    text = rows[2].values["text"]
    assert text == "Report quotes a message: <script>alert('x')</script> &amp; more"
    assert rows[2].flags == ("text contains HTML markup (kept as plain text)",)
    assert rows[0].flags == ()
    assert any("HTML" in w for w in reading.warnings)


def test_intelligence_values_are_normalised() -> None:
    reading = read_feed("intelligence", SAMPLES / "valid" / "intelligence.csv", now=NOW)
    first, second, _ = list(reading)
    assert isinstance(first, ParsedRow)
    assert isinstance(second, ParsedRow)
    assert first.values["postcode"] == "LE1 5WW"
    assert first.values["phones"] == ["+447700900123", "+447700900456"]
    assert first.values["vehicles"] == ["AB12CDE"]
    assert first.values["submitted_at"].isoformat() == "2021-03-07T10:15:00+00:00"
    assert first.values["indicators"] == ["visitors_short_stays", "unknown_young_people"]
    assert second.values["text"].endswith("door propped open.\nSecond line of the report.")
    assert second.row_number == 3
    assert second.values["handling_code"] == "C"


def test_identical_asb_rows_get_distinct_stable_keys() -> None:
    path = SAMPLES / "valid" / "police-uk-street.csv"
    keys = [row.row_key for row in read_feed("police-uk-street", path, now=NOW)]
    again = [row.row_key for row in read_feed("police-uk-street", path, now=NOW)]
    assert keys == again
    assert keys[0].endswith("#1")
    assert keys[1].endswith("#2")
    assert keys[0].split("#")[0] == keys[1].split("#")[0]
    assert keys[2] == "347b0899598023a0c54946b9fcd4cbe1a1ad379c994e43a660841c9c1a5b7200"
