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
