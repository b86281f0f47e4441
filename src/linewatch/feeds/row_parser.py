"""Turn one record's cells into a :class:`ParsedRow` or a :class:`RejectedRow`, fast.

The loader runs a million rows through here, so for each file the reader compiles one
Python function for its column layout (the way :mod:`dataclasses` writes ``__init__``): the
per-column loop is unrolled, free text and coordinates are checked inline, and the other
columns remember the cells they have parsed (police.uk repeats its force, month, crime type
and places on most rows). Everything unusual - blanks, errors, cache misses - goes through
:meth:`RowParser.cell`, written as ordinary code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from linewatch.feeds.errors import InvalidValue
from linewatch.feeds.results import ParsedRow, RejectedRow, RowError
from linewatch.feeds.row_keys import RowKeyer
from linewatch.feeds.rules import (
    CLOCK_SKEW,
    DATE_TYPES,
    EARLIEST_YEAR,
    check_row,
    coordinate_pairs,
    pair_message,
    rules_for,
)
from linewatch.feeds.spec import ColumnSpec, FeedSpec
from linewatch.feeds.values import (
    LONDON,
    UK_LATITUDE,
    UK_LONGITUDE,
    PartialDate,
    build_parser,
    looks_like_html,
)

Record = ParsedRow | RejectedRow
MEMO_SIZE = 1024
_MISSING = object()


def _date_checked(parse: Callable[[str], Any], now: datetime) -> Callable[[str], Any]:
    """``parse`` that also refuses dates before 1900 or (beyond the clock skew) after ``now``.

    Checked per cell, not per row, so the answer is remembered with the parsed value.
    """
    limit = now + CLOCK_SKEW
    limit_day = limit.astimezone(LONDON).date()

    def parse_in_range(text: str) -> Any:
        value = parse(text)
        if value.year < EARLIEST_YEAR:
            raise InvalidValue(f"{text.strip()!r} is before {EARLIEST_YEAR}")
        if isinstance(value, datetime):
            future = value > limit
        elif isinstance(value, PartialDate):
            future = value.earliest() > limit_day
        else:
            future = isinstance(value, date) and value > limit_day
        if future:
            raise InvalidValue(f"{text.strip()!r} is in the future")
        return value

    return parse_in_range


class RowParser:
    """Parses the records of one file whose header has been matched to ``spec``.

    ``matched`` maps spec column names to their position in the file, ``names`` are the
    file's (unique) header names, and ``extra_indexes`` the positions of unknown columns.
    """

    def __init__(
        self,
        spec: FeedSpec,
        matched: dict[str, int],
        names: Sequence[str],
        extra_indexes: Sequence[int],
        keyer: RowKeyer,
        agency: str | None,
        now: datetime,
    ) -> None:
        self.spec = spec
        self.matched = matched
        self.names = tuple(names)
        self.width = len(names)
        self.extra_indexes = tuple(extra_indexes)
        self.keyer = keyer
        self.now = now
        self.rules = rules_for(spec, dates=False, pairs=False)
        self.agency = agency if spec.has_column("agency") else None
        self.html_rows = 0
        self.parsers: dict[int, Callable[[str], Any]] = {}
        self.memos: dict[int, dict[str, Any] | None] = {}
        self.columns: dict[int, ColumnSpec] = {}
        for name, index in matched.items():
            column = spec.column(name)
            parse = build_parser(column)
            if column.type in DATE_TYPES:
                parse = _date_checked(parse, now)
            self.parsers[index] = parse
            self.memos[index] = None if column.type.endswith("_list") else {}
            self.columns[index] = column
        self.text_columns = tuple(
            (i, c.name) for i, c in sorted(self.columns.items()) if c.type in ("text", "text_list")
        )
        self.parse: Callable[[int, list[str]], Record] = self._compile()

    def cell(self, index: int, text: str, row_number: int, errors: list[RowError]) -> Any:
        """The slow path for one cell: blanks, parsing, remembering, and errors."""
        column = self.columns[index]
        if not text or text.isspace():
            if column.value_required:
                errors.append(RowError(row_number, column.name, text, f"{column.name} is required"))
            return None
        try:
            value = self.parsers[index](text)
        except InvalidValue as exc:
            errors.append(RowError(row_number, column.name, text, exc.message))
            return None
        memo = self.memos[index]
        if memo is not None and len(memo) < MEMO_SIZE:
            memo[text] = value
        return value

    def finish(
        self,
        row_number: int,
        fields: list[str],
        values: dict[str, Any],
        errors: list[RowError],
        cell_errors: int,
    ) -> Record:
        """The slow path for a whole row: cell errors, or rules to apply."""
        raw = dict(zip(self.names, fields, strict=True))
        if not cell_errors and self.rules:  # rules need every cell parsed
            for field, message in check_row(self.rules, values, self.now):
                index = self.matched.get(field) if field else None
                cell = fields[index] if index is not None else None
                errors.append(RowError(row_number, field, cell, message))
        if errors:
            return RejectedRow(row_number, raw, tuple(errors), tuple(fields))
        return ParsedRow(
            row_number,
            values,
            self.extra_cells(fields),
            raw,
            self.keyer.key(values, fields),
            self.html_flags(fields),
        )

    def extra_cells(self, fields: list[str]) -> dict[str, str]:
        """The cells of columns the format does not know, by header name."""
        return {self.names[i]: fields[i] for i in self.extra_indexes}

    def html_flags(self, fields: list[str]) -> tuple[str, ...]:
        """Notes for a reviewer on text cells holding HTML (which stays plain text)."""
        flags = tuple(
            f"{name} contains HTML markup (kept as plain text)"
            for index, name in self.text_columns
            if looks_like_html(fields[index])
        )
        if flags:
            self.html_rows += 1
        return flags

    def pair_error(
        self, row_number: int, fields: list[str], first: str, second: str, first_value: object
    ) -> RowError:
        """A coordinate given without its partner."""
        field, message = pair_message(first, second, first_value)
        index = self.matched.get(field) if field else None
        return RowError(row_number, field, fields[index] if index is not None else None, message)

    def ragged(self, row_number: int, fields: list[str]) -> RejectedRow:
        """A row with more or fewer fields than the header."""
        fewer = len(fields) < self.width
        message = (
            f"row has {len(fields)} fields; the header has {self.width} "
            f"({'a missing' if fewer else 'an extra'} comma, or an unquoted comma or "
            "line break in a cell?)"
        )
        raw = dict(zip(self.names, fields, strict=False))
        return RejectedRow(
            row_number, raw, (RowError(row_number, None, None, message),), tuple(fields)
        )

    def _compile(self) -> Callable[[int, list[str]], Record]:
        lines = [
            "def parse(row_number, fields):",
            f"    if len(fields) != {self.width}:",
            "        return ragged(row_number, fields)",
            "    errors = []",
        ]
        namespace: dict[str, Any] = {
            "ragged": self.ragged,
            "cell": self.cell,
            "MISSING": _MISSING,
        }
        for index, column in sorted(self.columns.items()):
            v = f"v{index}"
            lines.append(f"    c = fields[{index}]")
            blank = f"cell({index}, c, row_number, errors)" if column.value_required else "None"
            if column.type == "text" and column.max_length is None:
                # Inline free text: printable (no control characters) means it is fine.
                lines += [
                    "    if c.isprintable():",
                    f"        {v} = c.strip() or {blank}",
                    "    else:",
                    f"        {v} = cell({index}, c, row_number, errors)",
                ]
            elif column.type in ("longitude", "latitude"):
                low, high = UK_LONGITUDE if column.type == "longitude" else UK_LATITUDE
                lines += [
                    "    if not c:",
                    f"        {v} = {blank}",
                    "    else:",
                    "        try:",
                    f"            {v} = float(c)",
                    f"            if not {low!r} <= {v} <= {high!r} or '_' in c:",
                    f"                {v} = cell({index}, c, row_number, errors)",
                    "        except ValueError:",
                    f"            {v} = cell({index}, c, row_number, errors)",
                ]
            elif self.memos[index] is not None:
                namespace[f"memo{index}"] = self.memos[index]
                lines += [
                    f"    {v} = memo{index}.get(c, MISSING)",
                    f"    if {v} is MISSING:",
                    f"        {v} = cell({index}, c, row_number, errors)",
                ]
            else:
                lines.append(f"    {v} = cell({index}, c, row_number, errors)")
        items = [f"{column.name!r}: v{index}" for index, column in sorted(self.columns.items())]
        items += [f"{c.name!r}: None" for c in self.spec.columns if c.name not in self.matched]
        lines.append("    values = {" + ", ".join(items) + "}")
        if self.agency is not None:
            namespace["AGENCY"] = self.agency
            lines += ["    if values['agency'] is None:", "        values['agency'] = AGENCY"]
        lines.append("    cell_errors = len(errors)")
        for first, second in coordinate_pairs(self.spec):
            if first in self.matched or second in self.matched:
                # A column missing from the header counts as blank on every row.
                a = f"v{self.matched[first]}" if first in self.matched else "None"
                b = f"v{self.matched[second]}" if second in self.matched else "None"
                lines += [
                    f"    if not cell_errors and ({a} is None) != ({b} is None):",
                    f"        errors.append(pair_error(row_number, fields, {first!r}, "
                    f"{second!r}, {a}))",
                ]
        namespace.update(
            NEW=tuple.__new__,
            finish=self.finish,
            pair_error=self.pair_error,
            ParsedRow=ParsedRow,
            NAMES=self.names,
            html_flags=self.html_flags,
            extra_cells=self.extra_cells,
            content_key=self.keyer.content_key,
            key=self.keyer.key,
        )
        lines.append("    if errors" + (" or True" if self.rules else "") + ":")
        lines.append("        return finish(row_number, fields, values, errors, cell_errors)")
        html = " or ".join(
            f"'<' in fields[{i}] or '&' in fields[{i}]" for i, _ in self.text_columns
        )
        lines.append(
            f"    flags = html_flags(fields) if {html} else ()" if html else "    flags = ()"
        )
        key_columns = self.keyer.columns
        if len(key_columns) == 1 and key_columns[0] in self.matched:
            v = f"v{self.matched[key_columns[0]]}"
            lines.append(f"    row_key = str({v}) if {v} is not None else content_key(fields)")
        else:
            lines.append("    row_key = key(values, fields)")
        # tuple.__new__ skips the named tuple's Python-level __new__ (a microsecond a row).
        lines.append(
            "    return NEW(ParsedRow, (row_number, values, "
            + ("extra_cells(fields)" if self.extra_indexes else "{}")
            + ", dict(zip(NAMES, fields)), row_key, flags))"
        )
        exec("\n".join(lines), namespace)  # noqa: S102 - code built above from the spec only
        parse: Callable[[int, list[str]], Record] = namespace["parse"]
        return parse
