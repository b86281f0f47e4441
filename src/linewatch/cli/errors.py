"""Turning the user's mistakes into one clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

import click


class CommandError(click.ClickException):
    """A problem the user can fix; the message says how."""

    exit_code = 1


def _friendly(error: BaseException) -> str | None:
    from linewatch.web.configuration import ConfigurationError

    if isinstance(error, ConfigurationError):
        return f"Configuration problem: {error}"
    try:
        from django.db.utils import OperationalError
    except ImportError:  # pragma: no cover - Django is a dependency
        return None
    if isinstance(error, OperationalError):
        text = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return (
            f"Cannot use the database: {text}. Check DATABASE_URL (for PostgreSQL: that the "
            "server is running and reachable, and the database and user exist; for SQLite: "
            "that the directory exists and is writable)."
        )
    return None


def run_cleanly(group: click.Group, argv: list[str] | None) -> int:
    try:
        group.main(args=argv, prog_name="linewatch", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code or 0)
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except Exception as error:
        message = _friendly(error)
        if message is None:
            raise
        click.echo(f"Error: {message}", err=True)
        return 1
    return 0
