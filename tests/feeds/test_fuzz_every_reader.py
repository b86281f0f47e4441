"""Fuzzing every feed reader: each kind in ``feeds/formats/*.yaml`` (a new format is covered
the moment its file exists), as CSV and as XLSX, and the Open Referral directory reader.

Whatever the input, a reader yields parsed rows, rejected rows or a file error, never an
exception; every rejected row names its line and, for each problem with a cell, the field as the
format spells it; a rejected file says why.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from linewatch.feeds import FEEDS, ParsedRow, RejectedRow, get_spec, read_feed
from linewatch.feeds.openreferral import DirectoryError, read_oruk_services

from .conftest import NOW

KINDS = sorted(FEEDS)
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Cells near the values the parsers expect, mixed with noise: dates, numbers, postcodes, phone
# numbers, grades, formula-like text, control characters, very long strings.
NEAR = st.sampled_from(
    [
        "",
        " ",
        "2021-03-07",
        "2021-03-07 10:15",
        "07/03/2021",
        "2999-01-01",
        "2021-02-30",
        "-1",
        "0",
        "3.5",
        "1e309",
        "NaN",
        "LE11 3QF",
        "le113qf",
        "ZZ99 9ZZ",
        "07700 900123",
        "+447700900123",
        "2BP",
        '=HYPERLINK("x")',
        "<script>x</script>",
        "\x00",
        "\u202e",
        "yes",
        "Drugs",
        "x" * 5000,
    ]
)
CELL = st.one_of(NEAR, st.text(max_size=20))


def _check(reading: Any, columns: set[str]) -> int:
    """Iterate a reading; return the number of rejected rows after checking each one."""
    rejected = 0
    for record in reading:
        assert isinstance(record, ParsedRow | RejectedRow), type(record)
        if isinstance(record, RejectedRow):
            rejected += 1
            assert record.row_number >= 2, record  # the header is row 1
            assert record.errors, f"row {record.row_number} rejected without a reason"
            for error in record.errors:
                assert error.row_number == record.row_number
                assert error.message.strip(), error
                assert str(error).startswith(f"row {record.row_number}")
                if error.field is not None:
                    assert error.field in columns, f"{error.field!r} is not a column"
                    assert f", {error.field}:" in str(error)
    if reading.error is not None:
        assert reading.error.reason.strip()
    else:
        assert reading.checksum is not None  # a file read to the end has its checksum
    return rejected


def _columns(kind: str) -> set[str]:
    return {column.name for column in get_spec(kind).columns}


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    def line(cells: list[str]) -> str:
        return ",".join('"' + cell.replace('"', '""') + '"' for cell in cells) + "\n"

    return (line(header) + "".join(line(row) for row in rows)).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes(kind: str, data: bytes) -> None:
    _check(read_feed(kind, io.BytesIO(data), now=NOW), _columns(kind))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_arbitrary_cells_under_the_real_header(kind: str, data: Any) -> None:
    header = [column.name for column in get_spec(kind).columns]
    rows = data.draw(
        st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=5)
    )
    try:
        body = _csv(header, rows)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be written as UTF-8 by any sender
    _check(read_feed(kind, io.BytesIO(body), agency="charnwood-bc", now=NOW), set(header))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_ragged_rows_and_shuffled_headers(kind: str, data: Any) -> None:
    columns = [column.name for column in get_spec(kind).columns]
    header = data.draw(st.permutations(columns))
    header = header[: data.draw(st.integers(1, len(header)))]
    rows = data.draw(st.lists(st.lists(NEAR, max_size=len(header) + 2), max_size=5))
    _check(read_feed(kind, io.BytesIO(_csv(header, rows)), now=NOW), set(columns))


def test_every_kind_rejects_a_bad_cell_by_row_and_field() -> None:
    """Not only "no exception": for each kind a row whose every cell is garbage is rejected,
    and its errors name row 2 and fields of the format."""
    for kind in KINDS:
        header = [column.name for column in get_spec(kind).columns]
        body = _csv(header, [["\x00not a value\x00" * 3 for _ in header]])
        reading = read_feed(kind, io.BytesIO(body), now=NOW)
        [record] = list(reading)
        assert isinstance(record, RejectedRow), kind
        assert record.row_number == 2
        assert {error.field for error in record.errors} & set(header), kind


XLSX_CELL = st.one_of(
    NEAR.filter(lambda text: "\x00" not in text),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.datetimes(),
)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_arbitrary_workbook_cells(kind: str, data: Any) -> None:
    header = [column.name for column in get_spec(kind).columns]
    rows = data.draw(
        st.lists(st.lists(XLSX_CELL, min_size=len(header), max_size=len(header)), max_size=3)
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    _check(read_feed(kind, out, filename=f"{kind}.xlsx", now=NOW), set(header))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
SERVICE_KEYS = ("id", "name", "status", "organization", "contacts", "service_at_locations")


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300).map(lambda raw: ("bytes", raw)),
        JSON.map(lambda doc: ("json", doc)),
        st.lists(st.dictionaries(st.sampled_from(SERVICE_KEYS), JSON), max_size=4).map(
            lambda doc: ("json", doc)
        ),
    )
)
def test_the_open_referral_reader(document: tuple[str, Any]) -> None:
    form, value = document
    raw = value if form == "bytes" else json.dumps(value).encode()
    refusal: str | None = None
    try:
        result = read_oruk_services(raw)
    except DirectoryError as error:
        refusal = str(error)
    if refusal is not None:
        assert refusal.strip()
        return
    for problem in result.problems:
        assert problem.field, problem  # names the field that is wrong
