"""Reading any CSV of people into :class:`PersonRecord` objects, given a column mapping.

Used by ``linewatch link persons``. Every problem is a :class:`PersonCsvError` whose
message names the column, field or row; ``usage`` says whether the command was asked for
something impossible (a field or column that does not exist) rather than the file being bad.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from linewatch.core.linking.records import PersonRecord

__all__ = ["PERSON_FIELDS", "PersonCsvError", "PersonTable", "parse_mapping", "read_person_csv"]

#: The fields a CSV column can be mapped to, in the order of :class:`PersonRecord`.
PERSON_FIELDS = (
    "first_name",
    "surname",
    "aliases",
    "dob",
    "gender",
    "address",
    "postcode",
    "town",
    "phone",
)
_ALIAS_SEPARATORS = re.compile(r"[;|/]")


class PersonCsvError(ValueError):
    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class PersonTable:
    records: list[PersonRecord]
    ids: list[str]  # in file order


def parse_mapping(pairs: Sequence[str]) -> dict[str, list[str]]:
    """``["surname=SURNAME", "address=street_number", "address=address_1"]`` →
    ``{"surname": ["SURNAME"], "address": ["street_number", "address_1"]}``.

    A field mapped more than once joins its columns with spaces, in the order given.
    """
    mapping: dict[str, list[str]] = {}
    for pair in pairs:
        field, equals, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not equals or not field or not column:
            raise PersonCsvError(
                f"--map {pair!r} should be FIELD=COLUMN, e.g. --map surname=last_name",
                usage=True,
            )
        if field not in PERSON_FIELDS:
            raise PersonCsvError(
                f"--map {pair!r}: unknown field {field!r}; fields are {', '.join(PERSON_FIELDS)}",
                usage=True,
            )
        mapping.setdefault(field, []).append(column)
    return mapping


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PersonCsvError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PersonCsvError(
            f"{path} is not UTF-8 text (byte {error.start + 1}, line {line}); save it as "
            "UTF-8 CSV and try again"
        ) from error


def read_person_csv(
    path: Path, mapping: Mapping[str, Sequence[str]], id_column: str
) -> PersonTable:
    """Records from ``path``: ``mapping`` is field → columns, ``id_column`` identifies rows.

    Header names and values are stripped of surrounding spaces (FEBRL writes ``", "``).
    Aliases may be separated by ``;``, ``|`` or ``/``.
    """
    text = _text(path)
    if not text.strip():
        raise PersonCsvError(f"{path} is empty; expected a header row and at least one row")
    first_line = text.splitlines()[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), skipinitialspace=True
    )
    try:
        rows = list(reader)
    except csv.Error as error:
        raise PersonCsvError(
            f"{path} is not valid CSV (line {reader.line_num}): {error}"
        ) from error
    header = [name.strip() for name in rows[0]]
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(name, index)
    known = ", ".join(header)
    if id_column not in positions:
        raise PersonCsvError(
            f"--id {id_column!r}: {path} has no column {id_column!r}; its columns are {known}",
            usage=True,
        )
    for field, columns in mapping.items():
        for column in columns:
            if column not in positions:
                raise PersonCsvError(
                    f"--map {field}={column}: {path} has no column {column!r}; its columns "
                    f"are {known}",
                    usage=True,
                )
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(row)]
    if not body:
        raise PersonCsvError(f"{path} has a header but no rows")
    records: list[PersonRecord] = []
    first_seen: dict[str, int] = {}
    id_at = positions[id_column]
    for line, row in body:
        cells = [cell.strip() for cell in row]

        def value(column: str, cells: list[str] = cells) -> str:
            at = positions[column]
            return cells[at] if at < len(cells) else ""

        record_id = value(id_column) if id_at < len(cells) else ""
        if not record_id:
            raise PersonCsvError(f"{path} line {line}: the id column {id_column!r} is blank")
        if record_id in first_seen:
            raise PersonCsvError(
                f"{path} line {line}: id {record_id!r} in column {id_column!r} is repeated "
                f"(first on line {first_seen[record_id]}); ids must be unique"
            )
        first_seen[record_id] = line
        fields = {
            field: " ".join(part for part in (value(c) for c in columns) if part)
            for field, columns in mapping.items()
        }
        aliases = tuple(
            alias.strip()
            for alias in _ALIAS_SEPARATORS.split(fields.pop("aliases", ""))
            if alias.strip()
        )
        records.append(PersonRecord(record_id=record_id, aliases=aliases, **fields))
    return PersonTable(records=records, ids=[r.record_id for r in records])
