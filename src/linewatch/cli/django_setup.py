"""Starting Django only for the commands that need it."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")
    import django

    django.setup()


def check_database() -> None:
    """Connect once so that an unreachable database fails early with a clear message."""
    from django.db import connection

    connection.ensure_connection()


def check_migrated() -> None:
    """Refuse to serve a database whose tables are missing or out of date."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from linewatch.cli.errors import CommandError

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise CommandError(
            f"the database has {len(pending)} migration(s) not applied; run `linewatch migrate` "
            "(or `linewatch demo` for a demo database) first"
        )
