"""Planner statistics for SQLite, refreshed by ``linewatch serve`` when they are missing or old.

SQLite chooses indexes from the statistics ``ANALYZE`` stores in ``sqlite_stat1``; it never
gathers them itself. Without them, over a million events it walks the owning-agency index and
sorts every person for each page of the people list instead of reading the name index in
order (seconds instead of milliseconds). PostgreSQL's autovacuum keeps its own statistics.
"""

from __future__ import annotations

from django.db import connection

TABLES = ("events_event", "pole_person", "pole_location")
STALE_RATIO = 1.25


def stale_tables() -> list[str]:
    """Large tables whose row count has no statistics or has moved by 25 % since ANALYZE."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        known: dict[str, int] = {}
        if cursor.fetchone():
            cursor.execute("SELECT tbl, stat FROM sqlite_stat1 WHERE idx IS NOT NULL")
            for table, stat in cursor.fetchall():
                known[table] = int(str(stat).split()[0])
        stale = []
        for table in TABLES:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # fixed table names
            rows = int(cursor.fetchone()[0])
            before = known.get(table)
            if rows and (
                before is None or not before / STALE_RATIO <= rows <= before * STALE_RATIO
            ):
                stale.append(table)
    return stale


def refresh() -> list[str]:
    """ANALYZE the database when a large table's statistics are missing or stale; the tables."""
    stale = stale_tables()
    if stale:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return stale
