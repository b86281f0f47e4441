"""A fresh, empty database per benchmark side: a SQLite temp file or a scratch PostgreSQL
database created for the side and dropped after it."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

BACKENDS = ("sqlite", "postgresql")
POSTGRES_SERVER = os.environ.get(
    "LINEWATCH_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def postgres_unavailable() -> str:
    """Why the PostgreSQL server cannot be used, or '' when it can."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_SERVER, connect_timeout=3):
            return ""
    except psycopg.Error as error:
        return f"no PostgreSQL server at {POSTGRES_SERVER} ({str(error).strip().splitlines()[0]})"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """Yield the ``DATABASE_URL`` of a new empty database; remove it afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="linewatch-bench-db-") as directory:
            yield f"sqlite:///{directory}/bench.db"
        return
    import psycopg

    name = f"linewatch_bench_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(POSTGRES_SERVER, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
