"""``linewatch audit verify``: check the audit trail's hash chain."""

from __future__ import annotations

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError


@click.group("audit")
def audit_group() -> None:
    """The audit trail (DPA 2018 s62 logs)."""


@audit_group.command("verify")
def verify_command() -> None:
    """Check that no audit entry was altered, removed or reordered; exit 1 if one was."""
    setup_django()
    check_database()
    from linewatch.web.audit.trail import verify_chain

    report = verify_chain()
    if not report.intact:
        for problem in report.problems[:50]:
            click.echo(f"  {problem}", err=True)
        raise CommandError(
            f"the audit trail is NOT intact: {len(report.problems)} problem(s) in "
            f"{report.checked} entries"
        )
    click.echo(f"Audit trail intact: {report.checked} entries, hash chain verified.")
