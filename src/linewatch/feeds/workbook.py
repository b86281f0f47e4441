"""XLSX feed files: the first sheet, read in openpyxl's streaming (read-only) mode.

Cells arrive typed; :func:`cell_text` writes each back as the text a CSV would have held,
in the form its column's parser expects (a date cell in a ``date`` column becomes
``YYYY-MM-DD``, in a ``datetime`` column ``YYYY-MM-DD HH:MM:SS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO, Any

from openpyxl import load_workbook

from linewatch.feeds.results import FileError

XLSX_MAGIC = b"PK\x03\x04"
LEGACY_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class WorkbookError(Exception):
    """The workbook cannot be read; carries the :class:`FileError`."""

    def __init__(self, error: FileError) -> None:
        self.error = error
        super().__init__(error.reason)


class FirstSheet:
    """The rows of a workbook's first sheet, as tuples of cell values."""

    def __init__(self, file: IO[bytes]) -> None:
        try:
            self._book: Any = load_workbook(file, read_only=True, data_only=True)
        except Exception as exc:  # a broken zip or XML raises many kinds
            raise WorkbookError(
                FileError(
                    f"the file is not a readable XLSX workbook ({exc}); save it from Excel as "
                    "'Excel Workbook (.xlsx)' or as 'CSV UTF-8 (Comma delimited)'"
                )
            ) from exc
        names: list[str] = list(self._book.sheetnames)
        if not names:
            raise WorkbookError(FileError("the workbook has no sheets"))
        self.sheet_name = names[0]
        self.other_sheets = tuple(names[1:])
        self._sheet: Any = self._book[names[0]]

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Every row of the first sheet, header first."""
        yield from self._sheet.iter_rows(values_only=True)

    def close(self) -> None:
        """Release the workbook's file."""
        self._book.close()


def cell_text(value: object, column_type: str | None) -> str:
    """A cell's value as CSV text for a column of ``column_type`` (``None``: unknown)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        if column_type in ("date", "partial_date"):
            return value.date().isoformat()
        if column_type == "month":
            return value.strftime("%Y-%m")
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.strftime("%Y-%m") if column_type == "month" else value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    return str(value)
