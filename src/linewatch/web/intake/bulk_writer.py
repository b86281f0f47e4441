"""Fast inserts: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

The one place where the two database backends differ for bulk loading. Values are prepared
once per column type (dates, JSON, decimals), never per row through the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

Prep = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _column_prep(field: models.Field[Any, Any]) -> Prep:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, default=str)
    if connection.vendor == "postgresql":
        return _identity  # psycopg adapts dates, decimals and the rest itself
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    return _identity


class BulkWriter:
    """Insert plain tuples into one model's table, in the order of ``columns``."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.fields = [model._meta.get_field(name) for name in columns]
        self.db_columns = [f.column for f in self.fields]  # type: ignore[union-attr]
        self.preps = [_column_prep(f) for f in self.fields]  # type: ignore[arg-type]
        self.table = model._meta.db_table
        quote = connection.ops.quote_name
        self.column_sql = ", ".join(quote(c) for c in self.db_columns)
        self.needs_prep = [i for i, p in enumerate(self.preps) if p is not _identity]

    def _prepared(self, rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
        prepared = []
        preps, needs = self.preps, self.needs_prep
        for row in rows:
            values = list(row)
            for i in needs:
                if values[i] is not None:
                    values[i] = preps[i](values[i])
            prepared.append(values)
        return prepared

    def write(self, rows: Sequence[Sequence[Any]]) -> int:
        if not rows:
            return 0
        prepared = self._prepared(rows)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sql = f"COPY {connection.ops.quote_name(self.table)} ({self.column_sql}) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(self.db_columns))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(self.table)} "  # noqa: S608
                    f"({self.column_sql}) VALUES ({marks})",
                    prepared,
                )
        return len(prepared)
