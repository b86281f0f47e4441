"""Scratch databases for the bulk-writer tests: one SQLite file and, when a server answers,
one PostgreSQL database, each migrated once and registered as its own connection alias, so
that both backends are tested in every run whatever ``DATABASE_URL`` says."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest

POSTGRES_SERVER = os.environ.get(
    "LINEWATCH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _postgres_database() -> Iterator[str]:
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_SERVER, autocommit=True, connect_timeout=3)
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0]
        pytest.skip(f"no PostgreSQL server reachable at {POSTGRES_SERVER}: {first}")
    name = f"linewatch_test_bulk_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield POSTGRES_SERVER.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def scratch_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> Iterator[str]:
    """The alias of a freshly migrated database of the parametrised backend."""
    from django.core.management import call_command
    from django.db import connections

    backend = request.param
    if backend == "sqlite":
        path: Path = tmp_path_factory.mktemp("bulk") / "bulk.db"
        urls: Iterator[str] = iter([f"sqlite:///{path}"])
    else:
        urls = _postgres_database()
    url = next(urls)
    alias = f"bulk_{backend}"
    # configure_settings fills in Django's defaults (and insists on a 'default' alias).
    configured = connections.configure_settings(
        {"default": connections.settings["default"], alias: dj_database_url.parse(url)}
    )
    connections.settings[alias] = configured[alias]
    try:
        with django_db_blocker.unblock():
            call_command("migrate", database=alias, interactive=False, verbosity=0)
            yield alias
            connections[alias].close()
    finally:
        del connections[alias]
        del connections.settings[alias]
        for _ in urls:  # runs the PostgreSQL generator's clean-up
            pass
