"""Fast inserts: ``executemany`` on SQLite, ``COPY`` on PostgreSQL, with ids allocated first.

The one place where the two database backends differ for bulk loading. Values are prepared
once per column type (dates, JSON, decimals), never per row through the ORM. Ids are taken
from the table's own sequence before the insert, so that links can be written without reading
anything back.

Rows are given either as dicts keyed by field attname (:meth:`BulkWriter.write`, for the
smaller tables) or as sequences in a stated column order with the columns that are the same for
every row given once (:meth:`BulkWriter.write_rows`, for events, where a dict per row costs
more than the insert). Columns a caller does not give get the model field's default; the
primary key is left to the database when the caller gives none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

Prep = Callable[[Any], Any]
NOT_GIVEN = object()
# PostgreSQL plans with the statistics of the table's last ANALYZE. A table is analysed again
# once it has at least doubled in pages since then (and has this many pages at least), so a
# long load keeps its plans right at the cost of a logarithmic number of ANALYZEs.
ANALYZE_MIN_PAGES = 64


def _identity(value: Any) -> Any:
    return value


@lru_cache(maxsize=8192)
def _sqlite_datetime(value: datetime) -> str:
    # What Django's SQLite backend stores with USE_TZ: naive UTC, ISO with a space.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ")


# One encoder for every value: json.dumps(value, default=str) builds a new encoder per call,
# which costs more than encoding a small details dict.
_json = json.JSONEncoder(default=str).encode


def _column_prep(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> Prep:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return _json
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


def _default(field: models.Field[Any, Any]) -> Any:
    if field.has_default() or field.null or isinstance(field, models.CharField | models.TextField):
        return field.get_default()
    return NOT_GIVEN


class BulkWriter:
    """Insert rows into one model's table, bypassing the ORM's per-object work."""

    def __init__(self, model: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> None:
        self.model = model
        self.connection = connection = connections[using]
        self.table = model._meta.db_table
        fields = list(model._meta.concrete_fields)
        self.fields = {f.attname: f for f in fields}
        self.columns = {f.attname: f.column or f.attname for f in fields}
        self.pk = model._meta.pk.attname if model._meta.pk else "id"
        self.defaults = {f.attname: d for f in fields if (d := _default(f)) is not NOT_GIVEN}
        self.preps = {f.attname: _column_prep(f, connection) for f in fields}

    def allocate_ids(self, count: int) -> list[int]:
        """``count`` fresh primary keys from the table's sequence (call inside the transaction
        that inserts them; on SQLite that transaction holds the write lock)."""
        if count <= 0:
            return []
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.columns[self.pk], count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX({quote(self.pk)}), 0) FROM {quote(self.table)}")
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))

    def refresh_statistics(self, columns: Sequence[str] = ()) -> bool:
        """ANALYZE the table (only ``columns``, field attnames, when given: the cheaper the
        sooner) if it has doubled since it was last analysed (PostgreSQL only); return
        whether it did.

        Without this, a table filled inside one import's transaction keeps the statistics
        of its empty self (autovacuum cannot see uncommitted rows, and may be off): the
        planner then thinks the agency's rows are few and reads the key lookups' ``IN (...)``
        as a filter over every row of the agency's feed instead of as index probes, so
        each chunk's lookups cost time proportional to everything loaded before it.
        ANALYZE is allowed inside a transaction and counts the transaction's own rows.
        """
        if self.connection.vendor != "postgresql":
            return False
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT relpages, pg_relation_size(oid) / current_setting('block_size')::int "
                "FROM pg_class WHERE oid = %s::regclass",
                [self.table],
            )
            analysed, pages = cursor.fetchone()
            if pages < max(2 * analysed, ANALYZE_MIN_PAGES):
                return False
            quote = self.connection.ops.quote_name
            listed = ", ".join(quote(self.columns[name]) for name in columns)
            cursor.execute(f"ANALYZE {quote(self.table)}" + (f" ({listed})" if listed else ""))
        return True

    def write(self, rows: Iterable[dict[str, Any]]) -> int:
        """Insert ``rows``, dicts that all have the same keys (field attnames)."""
        rows = list(rows)
        if not rows:
            return 0
        columns = list(rows[0])
        return self.write_rows(columns, ([row[c] for c in columns] for row in rows))

    def write_rows(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        constants: Mapping[str, Any] | None = None,
    ) -> int:
        """Insert ``rows``, each a sequence of values for ``columns`` (field attnames).

        ``constants`` are values shared by every row; any other column gets its default.
        """
        fixed = self._fixed_columns(columns, constants or {})
        fixed_values = tuple(
            None if value is None else self.preps[name](value) for name, value in fixed.items()
        )
        needs_prep = [
            (i, self.preps[name])
            for i, name in enumerate(columns)
            if self.preps[name] is not _identity
        ]
        prepared = []
        for row in rows:
            if needs_prep:
                row = list(row)
                for i, prep in needs_prep:
                    if row[i] is not None:
                        row[i] = prep(row[i])
            prepared.append((*fixed_values, *row))
        if not prepared:
            return 0
        quote = self.connection.ops.quote_name
        table = quote(self.table)
        column_sql = ", ".join(quote(self.columns[name]) for name in (*fixed, *columns))
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(prepared[0]))
                cursor.executemany(f"INSERT INTO {table} ({column_sql}) VALUES ({marks})", prepared)
        return len(prepared)

    def _fixed_columns(
        self, columns: Sequence[str], constants: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The constants, then the default of every column neither given nor the primary key
        (which the database assigns when the rows do not carry it)."""
        unknown = sorted(set(columns).union(constants) - set(self.fields))
        if unknown:
            raise ValueError(f"{self.table} has no column {', '.join(unknown)}")
        fixed = {name: constants[name] for name in constants if name not in columns}
        for name in self.fields:
            if name in fixed or name in columns or name == self.pk:
                continue
            if name not in self.defaults:
                raise ValueError(f"{self.table}.{name} has no default: give it for every row")
            fixed[name] = self.defaults[name]
        return fixed
