"""What reading a feed produces: parsed rows, rejected rows and their errors.

Rows are named tuples: immutable, and cheap to make a million times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class FileError:
    """The whole file is rejected; ``reason`` says why and how to fix it.

    ``row_number`` is the line where the problem was found, when there is one.
    """

    reason: str
    row_number: int | None = None

    def __str__(self) -> str:
        return self.reason


class RowError(NamedTuple):
    """One problem with one row: the column (``None`` for the row as a whole), the cell's
    text and what was expected."""

    row_number: int
    field: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row_number}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class ParsedRow(NamedTuple):
    """A row whose every cell parsed and that passed its kind's rules.

    ``values`` maps each spec column name to its parsed value (``None`` when blank);
    ``extra`` holds columns the format does not know; ``raw`` is every cell as written,
    keyed by the file's own header. ``row_number`` is the line in the file where the row
    starts (the header is row 1). ``row_key`` is a stable idempotency key (see
    :mod:`linewatch.feeds.row_keys`). ``flags`` are notes for a reviewer, e.g. HTML in text.
    """

    row_number: int
    values: dict[str, Any]
    extra: dict[str, str]
    raw: dict[str, str]
    row_key: str
    flags: tuple[str, ...] = ()


class RejectedRow(NamedTuple):
    """A row kept with everything wrong with it, for correction and re-submission.

    ``fields`` are the cells in file order (they survive a ragged row that ``raw`` cannot
    key by header).
    """

    row_number: int
    raw: dict[str, str]
    errors: tuple[RowError, ...]
    fields: tuple[str, ...] = ()
