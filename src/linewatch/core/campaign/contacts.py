"""Reading a contact list or an exclusion list: a CSV file with a ``phone`` column.

Every other column is kept as it is. Columns are separated by commas (or, when the header row
has no comma, by semicolons or tabs, as some spreadsheets save CSV). The file must be UTF-8
(a byte-order mark is fine), have a header row with a ``phone`` column (any case; the
handset-contacts feed's ``contact_number`` is accepted too) and, for a contact list, at least
one row. Anything else raises :class:`ContactFileError` with a message naming the file and
what was expected.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ContactFileError",
    "ContactList",
    "ContactRow",
    "parse_contact_text",
    "read_contact_file",
]

PHONE_COLUMN = "phone"
PHONE_ALIASES = ("phone", "contact_number")


class ContactFileError(ValueError):
    """A contact or exclusion file that cannot be read at all (the message says why)."""


@dataclass(frozen=True)
class ContactRow:
    """One row: its number as written, every other column, and its row number in the file
    (the header is row 1, so the first contact is row 2)."""

    row: int
    phone: str
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ContactList:
    name: str
    header: tuple[str, ...]
    rows: tuple[ContactRow, ...]


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContactFileError(
            f"{name} is not UTF-8 text: byte {error.start} (line {line}) is "
            f"0x{data[error.start]:02x}; save the file as CSV UTF-8 and try again"
        ) from None


def _phone_index(header: list[str], name: str) -> int:
    names = [column.strip().casefold() for column in header]
    for wanted in PHONE_ALIASES:
        if wanted in names:
            return names.index(wanted)
    shown = ", ".join(repr(column) for column in header[:12]) or "none"
    raise ContactFileError(
        f"{name} has no 'phone' column (its columns are: {shown}); the first row must name "
        "the columns, one of them 'phone'"
    )


def parse_contact_text(data: bytes, name: str, *, need_rows: bool = True) -> ContactList:
    """Parse a CSV file's bytes; ``need_rows`` refuses a file with a header and no rows."""
    if not data.strip():
        raise ContactFileError(f"{name} is empty: expected a CSV file with a 'phone' column")
    text = _decode(data, name)
    first_line = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        index = _phone_index(header, name)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            phone = cells[index] if index < len(cells) else ""
            columns = {
                column: (cells[i] if i < len(cells) else "")
                for i, column in enumerate(header)
                if i != index
            }
            rows.append(ContactRow(number, phone, columns))
    except csv.Error as error:
        raise ContactFileError(
            f"{name}, row {reader.line_num}: the file is not valid CSV ({error}); is a quote "
            "left open?"
        ) from None
    if need_rows and not rows:
        raise ContactFileError(
            f"{name} has a header but no contacts: a campaign needs at least one number"
        )
    return ContactList(name=name, header=tuple(header), rows=tuple(rows))


def read_contact_file(path: Path, *, need_rows: bool = True) -> ContactList:
    """Read a contact (or, with ``need_rows=False``, exclusion) CSV file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ContactFileError(f"cannot read {path}: {error.strerror}") from None
    return parse_contact_text(data, path.name, need_rows=need_rows)
