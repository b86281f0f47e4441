"""Read one feed file: bytes in, validated rows and row-level errors out, streaming.

>>> reading = read_feed("needle-finds", io.BytesIO(
...     b"ref,found_at,count\\nNF-1,2021-03-07 10:15,3\\n"), agency="charnwood-bc")
>>> [row.row_key for row in reading], reading.counts["parsed"], reading.error
(['charnwood-bc|NF-1'], 1, None)

Decisions (see ``docs/feeds.md``):

- **Encoding**: UTF-8, with or without a byte-order mark. Anything else (Windows-1252 from
  Excel's plain "CSV", Latin-1, UTF-16) rejects the file, naming the line and byte and how to
  re-save it. Guessing would silently corrupt names, and an import is atomic, so the sender
  loses nothing by re-saving.
- **Delimiter**: comma only. A header with more semicolons or tabs than commas rejects the
  file with "expected comma-separated": ``;`` already separates items inside list cells.
- **Limits**: ``max_bytes`` per file and ``max_row_bytes`` per line reject the file; so does
  a cell longer than the csv module's field limit (usually an unclosed quote).
- A problem found part-way (an encoding error on line 90,000) rejects the *whole* file:
  rows already yielded must be discarded by the caller, which checks :attr:`FeedReading.error`
  after iterating.

The byte checks (size, line length, UTF-8) are in :mod:`linewatch.feeds.file_checks`, the
header mapping in :mod:`linewatch.feeds.header`, each row's parsing in
:mod:`linewatch.feeds.row_parser`; this module is the streaming loop that joins them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from types import TracebackType
from typing import IO, Any, BinaryIO, Self

from linewatch.feeds.file_checks import (
    CHUNK,
    UTF16,
    CheckedBytes,
    RejectedFileError,
    megabytes,
)
from linewatch.feeds.header import HeaderPlan, check_comma_separated
from linewatch.feeds.results import FileError, ParsedRow
from linewatch.feeds.row_keys import RowKeyer
from linewatch.feeds.row_parser import Record, RowParser
from linewatch.feeds.rules import utc_now
from linewatch.feeds.sources import Source, open_source, peek
from linewatch.feeds.spec import FeedSpec, get_spec
from linewatch.feeds.workbook import (
    LEGACY_XLS_MAGIC,
    XLSX_MAGIC,
    FirstSheet,
    WorkbookError,
    cell_text,
)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_ROW_BYTES = 256 * 1024


class FeedReading(Iterator[Record]):
    """One file being read: iterate it for :class:`ParsedRow` and :class:`RejectedRow`.

    ``header``, ``warnings`` and (for a file rejected at its header) ``error`` are known at
    once; ``checksum`` (SHA-256 hex of the file's bytes) and ``counts`` are complete once the
    iteration has finished. When ``error`` is set the whole file is rejected, including any
    rows already yielded.
    """

    def __init__(
        self,
        spec: FeedSpec,
        file: IO[bytes],
        *,
        close: bool,
        filename: str | None,
        agency: str | None,
        now: datetime,
        max_bytes: int,
        max_row_bytes: int,
    ) -> None:
        self.spec = spec
        self.kind = spec.kind
        self.filename = filename
        self.agency = agency
        self.header: tuple[str, ...] = ()
        self.warnings: list[str] = []
        self.counts: dict[str, int] = {"rows": 0, "parsed": 0, "rejected": 0, "blank": 0}
        self.error: FileError | None = None
        self.checksum: str | None = None
        self.bytes_read = 0
        self._file = file
        self._close = close
        self._hasher = hashlib.sha256()
        self._now = now
        self._max_bytes = max_bytes
        self._max_row_bytes = max_row_bytes
        self._bytes: CheckedBytes | None = None
        self._sheet: FirstSheet | None = None
        self._rows: Iterator[Record] = iter(())
        try:
            self._rows = self._open()
        except (RejectedFileError, WorkbookError) as exc:
            self._fail(exc.error)

    # -- iteration ---------------------------------------------------------------------

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Record:
        return next(self._rows)

    @property
    def ok(self) -> bool:
        """Whether the file as a whole is accepted (so far)."""
        return self.error is None

    def close(self) -> None:
        """Close the file if this reading opened it."""
        if self._sheet is not None:
            self._sheet.close()
        if self._close:
            self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- setup -------------------------------------------------------------------------

    def _open(self) -> Iterator[Record]:
        magic = peek(self._file, 4)
        name = (self.filename or "").lower()
        if magic == LEGACY_XLS_MAGIC or name.endswith(".xls"):
            raise RejectedFileError(
                FileError(
                    "old-style .xls workbooks are not read; save it as "
                    "'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
                )
            )
        if magic == XLSX_MAGIC or name.endswith((".xlsx", ".xlsm")):
            return self._open_workbook()
        return self._open_csv()

    def _open_csv(self) -> Iterator[Record]:
        if peek(self._file, 2) in (b"\xff\xfe", b"\xfe\xff"):
            raise RejectedFileError(UTF16)
        self._bytes = checked = CheckedBytes(
            self._file, self._hasher, self._max_bytes, self._max_row_bytes
        )
        text = io.TextIOWrapper(
            io.BufferedReader(checked, CHUNK // 16),
            encoding="utf-8-sig",
            errors="strict",
            newline="",
        )
        reader = csv.reader(text, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            error = FileError(f"the header row is not valid CSV ({exc})", 1)
            raise RejectedFileError(error) from None
        if header is None or not any(cell.strip() for cell in header):
            self._finish_hash()
            raise RejectedFileError(
                FileError(
                    f"the file is empty; expected a header row: {self.spec.expected_header}", 1
                )
            )
        check_comma_separated(header)
        plan = self._plan(header)
        return self._csv_records(reader, plan)

    def _open_workbook(self) -> Iterator[Record]:
        seekable = self._spool_for_workbook()
        self._sheet = sheet = FirstSheet(seekable)
        if sheet.other_sheets:
            self.warnings.append(
                f"only the first sheet {sheet.sheet_name!r} was read; the "
                f"workbook also has {', '.join(map(repr, sheet.other_sheets))}"
            )
        rows = sheet.rows()
        first = next(rows, None)
        header = [cell_text(v, None).strip() for v in first or ()]
        while header and not header[-1]:
            header.pop()
        if not header:
            raise RejectedFileError(
                FileError(
                    f"the first sheet is empty; expected a header row: {self.spec.expected_header}",
                    1,
                )
            )
        plan = self._plan(header)
        return self._workbook_records(rows, plan)

    def _spool_for_workbook(self) -> IO[bytes]:
        """Hash the workbook and give openpyxl a seekable copy (zip needs seeking)."""
        file = self._file
        seekable = file.seekable() if hasattr(file, "seekable") else False
        spool: IO[bytes] = (  # closed with the reading, not here: openpyxl reads it later
            file if seekable else tempfile.SpooledTemporaryFile(CHUNK * 8)  # noqa: SIM115
        )
        if seekable:
            start = file.tell()
        while chunk := file.read(CHUNK):
            self.bytes_read += len(chunk)
            if self.bytes_read > self._max_bytes:
                raise RejectedFileError(
                    FileError(f"the file is larger than the {megabytes(self._max_bytes)} limit")
                )
            self._hasher.update(chunk)
            if not seekable:
                spool.write(chunk)
        spool.seek(start if seekable else 0)
        self.checksum = self._hasher.hexdigest()
        return spool

    def _plan(self, header: list[str]) -> HeaderPlan:
        self.header = tuple(cell.strip() for cell in header)
        plan = HeaderPlan(self.spec, header)
        self.warnings.extend(plan.warnings)
        self._parser = RowParser(
            self.spec,
            plan.matched,
            plan.names,
            plan.extra_indexes,
            RowKeyer(self.spec, self.agency),
            self.agency,
            self._now,
        )
        return plan

    # -- records -----------------------------------------------------------------------

    def _csv_records(self, reader: Any, plan: HeaderPlan) -> Iterator[Record]:
        parse = self._parser.parse
        last_line = reader.line_num
        row_number = last_line + 1
        rows = parsed = blank = 0
        try:
            for fields in reader:
                row_number, last_line = last_line + 1, reader.line_num
                if not any(fields):
                    blank += 1
                    continue
                record = parse(row_number, fields)
                rows += 1
                if type(record) is ParsedRow:
                    parsed += 1
                yield record
        except RejectedFileError as exc:
            self._fail(exc.error)
            return
        except csv.Error as exc:
            self._fail(
                FileError(
                    f"row {row_number}: the file is not valid CSV ({exc}); is a quote left "
                    "unclosed?",
                    row_number,
                )
            )
            return
        finally:
            self.counts.update(rows=rows, parsed=parsed, rejected=rows - parsed, blank=blank)
        self._done()

    def _workbook_records(
        self, rows: Iterator[tuple[Any, ...]], plan: HeaderPlan
    ) -> Iterator[Record]:
        parse = self._parser.parse
        counts = self.counts
        types = [
            plan.column_of_index[i].type if i in plan.column_of_index else None
            for i in range(plan.width)
        ]
        width = plan.width
        try:
            yield from self._workbook_rows(rows, types, width, parse, counts)
        except Exception as exc:  # openpyxl raises many kinds on broken XML
            self._fail(FileError(f"the workbook could not be read to the end ({exc})"))
            return
        self._done()

    def _workbook_rows(
        self,
        rows: Iterator[tuple[Any, ...]],
        types: list[str | None],
        width: int,
        parse: Any,
        counts: dict[str, int],
    ) -> Iterator[Record]:
        for row_number, cells in enumerate(rows, start=2):
            fields = [cell_text(v, types[i] if i < width else None) for i, v in enumerate(cells)]
            while len(fields) > width and not fields[-1]:
                fields.pop()
            if len(fields) < width:
                fields.extend([""] * (width - len(fields)))
            if not any(fields):
                counts["blank"] += 1
                continue
            record = parse(row_number, fields)
            yield record
            counts["rows"] += 1
            counts["parsed" if type(record) is ParsedRow else "rejected"] += 1

    def _done(self) -> None:
        if self._parser.html_rows:
            self.warnings.append(
                f"{self._parser.html_rows} rows have HTML markup in text; it "
                "is kept as plain text, never shown as markup"
            )
        if self.counts["rows"] == 0 and self.error is None:
            self.warnings.append("the file has a header but no rows")
        self._finish_hash()
        self.close()

    def _finish_hash(self) -> None:
        if self._bytes is not None:
            self.bytes_read = self._bytes.bytes_read
        if self.checksum is None:
            self.checksum = self._hasher.hexdigest()

    def _fail(self, error: FileError) -> None:
        self.error = error
        if self._bytes is not None and self.checksum is None:
            try:
                self._bytes.drain()
            except RejectedFileError:
                self.checksum = None
                self.close()
                return
            self._finish_hash()
        self.close()


def read_feed(
    kind: str,
    source: Source | BinaryIO,
    *,
    agency: str | None = None,
    filename: str | None = None,
    now: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_row_bytes: int = DEFAULT_MAX_ROW_BYTES,
) -> FeedReading:
    """Start reading a ``kind`` feed from a path or a binary file; iterate the result.

    ``agency`` fills the ``agency`` column where the file has none and scopes row keys;
    ``filename`` (default: the path's name) tells an ``.xlsx`` workbook from a CSV file,
    though a workbook is also recognised by its first bytes. ``now`` dates the "not in the
    future" rules (default: the current time).
    """
    spec = get_spec(kind)
    file, close, name = open_source(source, filename)
    if close:
        size = os.fstat(file.fileno()).st_size
        if size > max_bytes:
            file.close()
            reading = FeedReading(
                spec,
                io.BytesIO(),
                close=True,
                filename=name,
                agency=agency,
                now=now or utc_now(),
                max_bytes=max_bytes,
                max_row_bytes=max_row_bytes,
            )
            reading.error = FileError(
                f"the file is {megabytes(size)}, larger than the "
                f"{megabytes(max_bytes)} limit; split it"
            )
            reading.checksum = None
            return reading
    return FeedReading(
        spec,
        file,
        close=close,
        filename=name,
        agency=agency,
        now=now or utc_now(),
        max_bytes=max_bytes,
        max_row_bytes=max_row_bytes,
    )
