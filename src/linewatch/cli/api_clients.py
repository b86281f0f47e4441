"""``linewatch api-client create|revoke|list``: tokens for other agencies' systems."""

from __future__ import annotations

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError
from linewatch.core.access import ROLES


@click.group("api-client")
def api_client_group() -> None:
    """API clients: one per agency system, acting for its agency in one role."""


@api_client_group.command("create")
@click.option("--agency", "agency_code", required=True, help="The agency's code.")
@click.option(
    "--role",
    required=True,
    type=click.Choice([role.value for role in ROLES]),
    help="The role the system acts in (as a user would).",
)
@click.option("--name", required=True, help="A name for the system, e.g. charnwood-asb.")
def create_command(agency_code: str, role: str, name: str) -> None:
    """Create a client and print its token (shown this once; only a hash is kept)."""
    setup_django()
    check_database()
    from linewatch.web.api.tokens import ClientError, create_client

    try:
        issued = create_client(name, agency_code, role)
    except ClientError as error:
        raise CommandError(str(error)) from None
    click.echo(
        f"API client {issued.client.name} created for {issued.client.agency.code} "
        f"as {issued.client.role}. Its token (shown once; store it in the system's secrets):",
        err=True,
    )
    click.echo(issued.token)


@api_client_group.command("revoke")
@click.option("--name", required=True, help="The client's name.")
def revoke_command(name: str) -> None:
    """Revoke a client's token at once; its calls get 401 from then on."""
    setup_django()
    check_database()
    from linewatch.web.api.tokens import ClientError, revoke_client

    try:
        client = revoke_client(name)
    except ClientError as error:
        raise CommandError(str(error)) from None
    click.echo(f"API client {client.name} revoked at {client.revoked_at:%Y-%m-%d %H:%M}.")


@api_client_group.command("list")
def list_command() -> None:
    """Every client: name, agency, role, token prefix, last used, revoked."""
    setup_django()
    check_database()
    from linewatch.web.api.models import ApiClient

    for client in ApiClient.objects.select_related("agency"):
        last = f"{client.last_used_at:%Y-%m-%d %H:%M}" if client.last_used_at else "never"
        state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "active"
        click.echo(
            f"{client.name}\t{client.agency.code}\t{client.role}\t{client.token_prefix}…\t"
            f"last used {last}\t{state}"
        )
