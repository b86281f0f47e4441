"""The reader as a stream: sources, limits, memory, checksums, XLSX, and arbitrary input."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from linewatch.feeds import (
    FEEDS,
    ParsedRow,
    RejectedRow,
    UnknownFeedKind,
    get_spec,
    read_feed,
)

from .conftest import NOW, SAMPLES

STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)


def street_row(n: int) -> str:
    crime_id = hashlib.sha256(str(n).encode()).hexdigest() if n % 8 else ""
    kind = "Drugs" if crime_id else "Anti-social behaviour"
    return (
        f"{crime_id},2020-{n % 12 + 1:02d},Leicestershire Police,Leicestershire Police,"
        f"-1.{n % 9973:06d},52.{n % 7919:06d},On or near Street {n % 500},E0102{n % 999:04d},"
        f"Charnwood {n % 30:03d}A,{kind},Under investigation,\n"
    )


def test_unknown_kind_lists_the_known_kinds() -> None:
    with pytest.raises(UnknownFeedKind) as caught:
        read_feed("burglaries", io.BytesIO(b""))
    assert "unknown feed kind 'burglaries'" in str(caught.value)
    assert "police-uk-street" in str(caught.value)
    assert isinstance(caught.value, KeyError)


def test_reads_paths_and_binary_files_alike_with_a_checksum() -> None:
    path = SAMPLES / "valid" / "needle-finds.csv"
    data = path.read_bytes()
    from_path = read_feed("needle-finds", path, agency="charnwood-bc", now=NOW)
    from_file = read_feed("needle-finds", io.BytesIO(data), agency="charnwood-bc", now=NOW)
    assert list(from_path) == list(from_file)
    assert from_path.checksum == from_file.checksum == hashlib.sha256(data).hexdigest()
    assert from_path.filename == "needle-finds.csv"


def test_text_mode_files_are_refused() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        read_feed("needle-finds", io.StringIO("ref,found_at,count\n"))


def test_bom_and_crlf_and_header_spelling_are_accepted() -> None:
    data = b"\xef\xbb\xbfREF,Found-At, Count \r\nNF-1,2021-03-07 10:15,3\r\n\r\n,,\r\n"
    reading = read_feed("needle-finds", io.BytesIO(data), now=NOW)
    rows = list(reading)
    assert len(rows) == 1
    assert isinstance(rows[0], ParsedRow)
    assert rows[0].values["count"] == 3
    assert reading.header == ("REF", "Found-At", "Count")
    assert reading.counts["blank"] == 2


def test_an_encoding_error_late_in_the_file_rejects_it_all() -> None:
    lines = "".join(f"NF-{n},2021-03-07 10:15,1,Plain text\n" for n in range(3000))
    data = (
        "ref,found_at,count,location_description\n" + lines
    ).encode() + b"NF-X,2021-03-07 10:15,1,Caf\xe9\n"
    reading = read_feed("needle-finds", io.BytesIO(data), now=NOW)
    rows = list(reading)
    assert reading.error is not None
    assert reading.error.reason.startswith("line 3002: byte 0xE9")
    assert reading.error.row_number == 3002
    assert len(rows) < 3001  # the caller discards these: the import is atomic
    assert reading.checksum == hashlib.sha256(data).hexdigest()


def test_a_huge_row_rejects_the_file() -> None:
    data = b"ref,found_at,count,location_description\nNF-1,2021-03-07 10:15,1," + b"x" * 300_000
    reading = read_feed("needle-finds", io.BytesIO(data), now=NOW)
    assert list(reading) == []
    assert reading.error is not None
    assert "line 2 is longer than the 262,144-byte limit" in reading.error.reason


def test_an_unclosed_quote_is_reported() -> None:
    data = (
        b'ref,found_at,count,location_description\nNF-1,2021-03-07 10:15,1,"open'
        + b"\nmore" * 40_000
    )
    reading = read_feed("needle-finds", io.BytesIO(data), now=NOW)
    list(reading)
    assert reading.error is not None
    assert "row 2: the file is not valid CSV" in reading.error.reason


def test_the_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"ref,found_at,count\n" + b"NF-1,2021-03-07 10:15,1\n" * 100)
    reading = read_feed("needle-finds", path, max_bytes=1000, now=NOW)
    assert list(reading) == []
    assert reading.error is not None
    assert "larger than the" in reading.error.reason
    streamed = read_feed("needle-finds", io.BytesIO(path.read_bytes()), max_bytes=1000, now=NOW)
    list(streamed)
    assert streamed.error is not None
    assert "larger than the" in streamed.error.reason


def test_non_seekable_streams_are_read() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer):  # type: ignore[no-untyped-def, override]
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    data = (SAMPLES / "valid" / "needle-finds.csv").read_bytes()
    reading = read_feed("needle-finds", Pipe(data), now=NOW)  # type: ignore[arg-type]
    assert len(list(reading)) == 2
    assert reading.error is None


def test_agency_fills_the_column_and_scopes_the_key() -> None:
    data = (
        b"ref,found_at,count,agency\nNF-1,2021-03-07 10:15,1,\nNF-2,2021-03-07 10:15,1,blaby-dc\n"
    )
    rows = list(read_feed("needle-finds", io.BytesIO(data), agency="melton-bc", now=NOW))
    assert [r.values["agency"] for r in rows if isinstance(r, ParsedRow)] == [
        "melton-bc",
        "blaby-dc",
    ]
    assert [r.row_key for r in rows if isinstance(r, ParsedRow)] == [
        "melton-bc|NF-1",
        "blaby-dc|NF-2",
    ]


def test_duplicate_header_columns_reject_the_file() -> None:
    reading = read_feed("needle-finds", io.BytesIO(b"ref,found_at,count,Count\n"), now=NOW)
    assert reading.error is not None
    assert "'count' and 'Count', which are both the column 'count'" in reading.error.reason


def write_workbook(path: Path, rows: list[list[object]], *, sheets: int = 1) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        book.create_sheet(f"Notes {n}")
    book.save(path)
    return path


def test_xlsx_intelligence_reads_the_first_sheet(tmp_path: Path) -> None:
    from datetime import datetime

    path = write_workbook(
        tmp_path / "intel.xlsx",
        [
            [
                "agency",
                "ref",
                "submitted_at",
                "text",
                "phones",
                "source_evaluation",
                "intelligence_assessment",
                "handling_code",
                "handling_conditions",
                None,
            ],
            [
                "leicestershire-police",
                "INT-1",
                datetime(2021, 3, 7, 10, 15),
                "Seen <b>x</b>",
                7700900123,
                2,
                "B",
                "P",
                None,
                None,
            ],
            ["leicestershire-police", "INT-2", "07/03/2021 11:00", "Seen", None, 1, "A", "C", None],
            [None, None, None, None],
        ],
        sheets=2,
    )
    reading = read_feed("intelligence", path, now=NOW)
    rows = list(reading)
    assert reading.error is None
    first, second = rows
    assert isinstance(first, ParsedRow)
    assert isinstance(second, RejectedRow)
    assert first.values["phones"] == ["+447700900123"]
    assert first.values["source_evaluation"] == "2"
    assert first.values["submitted_at"].isoformat() == "2021-03-07T10:15:00+00:00"
    assert first.row_number == 2
    assert second.row_number == 3
    assert second.errors[0].field == "handling_conditions"
    assert reading.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert any("only the first sheet" in w for w in reading.warnings)
    assert reading.counts == {"rows": 2, "parsed": 1, "rejected": 1, "blank": 1}


def test_xlsx_from_a_stream_and_any_kind(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "n.xlsx", [["ref", "found_at", "count"], ["NF-1", "2021-03-07 10:15", 2]]
    )
    reading = read_feed("needle-finds", io.BytesIO(path.read_bytes()), now=NOW)
    assert [r.values["count"] for r in reading if isinstance(r, ParsedRow)] == [2]


def test_not_really_a_workbook() -> None:
    reading = read_feed("intelligence", io.BytesIO(b"PK\x03\x04garbage"), filename="x.xlsx")
    assert reading.error is not None
    assert "not a readable XLSX workbook" in reading.error.reason
    legacy = read_feed("intelligence", io.BytesIO(b"\xd0\xcf\x11\xe0rest"), filename="x.xls")
    assert legacy.error is not None
    assert ".xls" in legacy.error.reason


def test_memory_stays_flat_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "street.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(STREET_HEADER)
        for n in range(200_000):
            out.write(street_row(n))
    reading = read_feed("police-uk-street", path, now=NOW)
    tracemalloc.start()
    count = 0
    for _row in reading:
        count += 1
        if count == 20_000:
            _, early_peak = tracemalloc.get_traced_memory()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert reading.error is None
    assert count == 200_000
    assert reading.counts["parsed"] == 200_000
    # 25,000 ASB rows are counted for their occurrence keys (~100 bytes each); the rest
    # of the reader's memory is bounded.
    assert peak < 6 * 1024 * 1024, peak
    assert peak - early_peak < 4 * 1024 * 1024


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(FEEDS)), st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=6)
)
def test_arbitrary_cells_yield_rows_or_errors_never_exceptions(
    kind: str, rows: list[list[str]]
) -> None:
    header = ",".join(c.name for c in get_spec(kind).columns)
    body = "".join(",".join('"' + c.replace('"', '""') + '"' for c in row) + "\n" for row in rows)
    reading = read_feed(kind, io.BytesIO((header + "\n" + body).encode()), now=NOW)
    for record in reading:
        assert isinstance(record, ParsedRow | RejectedRow)
    assert reading.checksum is not None


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_reader(data: bytes) -> None:
    reading = read_feed("intelligence", io.BytesIO(data), now=NOW)
    for record in reading:
        assert isinstance(record, ParsedRow | RejectedRow)
