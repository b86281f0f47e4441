"""``linewatch migrate`` and ``linewatch manage`` (Django's management commands)."""

from __future__ import annotations

import click

from linewatch.cli.django_setup import check_database, setup_django


@click.command("migrate")
def migrate_command() -> None:
    """Create or update the database tables."""
    setup_django()
    check_database()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@click.command(
    "manage",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage_command(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. ``linewatch manage check --deploy``."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["linewatch manage", *args])
