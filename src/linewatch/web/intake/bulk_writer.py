"""Fast inserts: ``executemany`` on SQLite, ``COPY`` on PostgreSQL, with ids allocated first.

The one place where the two database backends differ for bulk loading. Values are prepared
once per column type (dates, JSON, decimals), never per row through the ORM. Ids are taken
from the table's own sequence before the insert, so that links can be written without reading
anything back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.db import connection, models

Prep = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@lru_cache(maxsize=8192)
def _sqlite_datetime(value: datetime) -> str:
    # What Django's SQLite backend stores with USE_TZ: naive UTC, ISO with a space.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ")


def _column_prep(field: models.Field[Any, Any]) -> Prep:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, default=str)
    if connection.vendor == "postgresql":
        return _identity  # psycopg adapts dates, decimals and the rest itself
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    return _identity


class BulkWriter:
    """Insert rows, given as dicts keyed by field attname, into one model's table."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        self.defaults = {
            f.attname: f.get_default()
            for f in self.fields
            if f.has_default() or f.null or isinstance(f, models.CharField | models.TextField)
        }
        self.preps = [_column_prep(f) for f in self.fields]
        self.needs_prep = [i for i, p in enumerate(self.preps) if p is not _identity]
        self.table = model._meta.db_table
        quote = connection.ops.quote_name
        self.column_sql = ", ".join(quote(str(f.column)) for f in self.fields)

    def allocate_ids(self, count: int) -> list[int]:
        """``count`` fresh primary keys from the table's sequence (call inside the transaction
        that inserts them; on SQLite that transaction holds the write lock)."""
        if count <= 0:
            return []
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(self.table)}")
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))

    def complete(self, row: dict[str, Any]) -> dict[str, Any]:
        """``row`` with every missing column at its default (for rows built from a template)."""
        return {**self.defaults, **row}

    def write(self, rows: Iterable[dict[str, Any]], *, complete: bool = False) -> int:
        """Insert ``rows``; with ``complete`` every row already has every column."""
        defaults, names, preps, needs = self.defaults, self.names, self.preps, self.needs_prep
        prepared = []
        for row in rows:
            merged = row if complete else {**defaults, **row}
            values = [merged.get(name) for name in names]
            for i in needs:
                if values[i] is not None:
                    values[i] = preps[i](values[i])
            prepared.append(values)
        if not prepared:
            return 0
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({self.column_sql}) FROM STDIN") as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(
                    f"INSERT INTO {table} ({self.column_sql}) VALUES ({marks})",
                    prepared,
                )
        return len(prepared)
