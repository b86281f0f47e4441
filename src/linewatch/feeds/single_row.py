"""Parse one record given as a mapping (an API submission) exactly as a feed file's row.

The mapping's keys play the header (matched by :func:`~linewatch.feeds.spec.header_key`, so
aliases work) and its values the cells; lists become ``;``-separated cells. The same
:class:`~linewatch.feeds.row_parser.RowParser` as for files checks every cell and every rule,
so a value the API refuses is a value a file would have refused, with the same message.

Two things are stricter than a file: a key the format does not know is an error (a file keeps
it as extra data with a warning; a program sending JSON has misspelt it), and a missing
required column is an error on that field rather than a rejected file.

>>> row = parse_mapping("needle-finds", {"ref": "NF-1", "found_at": "2021-03-07 10:15",
...     "count": 3}, agency="charnwood-bc")
>>> row.row_key, row.values["count"]
('charnwood-bc|NF-1', 3)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from linewatch.feeds.results import ParsedRow, RejectedRow, RowError
from linewatch.feeds.row_keys import RowKeyer
from linewatch.feeds.row_parser import RowParser
from linewatch.feeds.rules import utc_now
from linewatch.feeds.spec import get_spec, header_key
from linewatch.feeds.values import LIST_SEPARATOR

__all__ = ["parse_mapping"]

Cell = str | int | float | bool | list[object] | tuple[object, ...] | None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_cell_text(item) for item in value)
    return str(value)


def parse_mapping(
    kind: str,
    record: Mapping[str, object],
    *,
    agency: str | None = None,
    now: datetime | None = None,
    row_number: int = 1,
) -> ParsedRow | RejectedRow:
    """Parse ``record`` as one row of a ``kind`` feed; errors name the field and the reason."""
    spec = get_spec(kind)
    by_key = {key: column for column in spec.columns for key in column.keys}
    names = [str(name) for name in record]
    fields = [_cell_text(record[name]) for name in record]
    errors: list[RowError] = []
    matched: dict[str, int] = {}
    for index, name in enumerate(names):
        column = by_key.get(header_key(name))
        if column is None:
            known = ", ".join(c.name for c in spec.columns)
            errors.append(
                RowError(
                    row_number,
                    name,
                    fields[index],
                    f"{name!r} is not a column of the {kind} format; columns: {known}",
                )
            )
        elif column.name in matched:
            first = names[matched[column.name]]
            errors.append(
                RowError(
                    row_number,
                    column.name,
                    fields[index],
                    f"{first!r} and {name!r} are both the column {column.name!r}; give one",
                )
            )
        else:
            matched[column.name] = index
    for column in spec.required_columns:
        if column.name not in matched and column.value_required:
            errors.append(RowError(row_number, column.name, None, f"{column.name} is required"))
    extra = [index for index in range(len(names)) if index not in matched.values()]
    parser = RowParser(
        spec, matched, names, extra, RowKeyer(spec, agency), agency, now or utc_now()
    )
    parsed = parser.parse(row_number, fields)
    if not errors:
        return parsed
    if isinstance(parsed, RejectedRow):
        errors.extend(parsed.errors)
    raw = dict(zip(names, fields, strict=True))
    return RejectedRow(row_number, raw, tuple(errors), tuple(fields))
