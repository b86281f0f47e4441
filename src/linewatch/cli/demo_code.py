"""``linewatch demo-code USERNAME``: the current two-factor code of a demo sign-in."""

from __future__ import annotations

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError


@click.command("demo-code")
@click.argument("username")
def demo_code_command(username: str) -> None:
    """Print the code a demo user's authenticator app would show now (demo only: refused when
    LINEWATCH_ENV=production)."""
    from linewatch.web.configuration import environment_name

    if environment_name() == "production":
        raise CommandError("demo-code is for the demo only; it is refused in production")
    setup_django()
    check_database()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from linewatch.web.accounts.two_factor import DEMO_TOTP_KEY, next_code

    device = TOTPDevice.objects.filter(
        user__username=username, key=DEMO_TOTP_KEY, confirmed=True
    ).first()
    if device is None:
        raise CommandError(
            f"{username!r} is not a demo sign-in with the demo authenticator "
            "(run `linewatch demo` first)"
        )
    click.echo(next_code(device))
