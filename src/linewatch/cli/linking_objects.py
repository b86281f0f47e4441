"""``linewatch link phones|locations|vehicles``: resolve the database's rows into entities."""

from __future__ import annotations

import json

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError


def _command(name: str, kind: str, what: str) -> click.Command:
    @click.command(name, help=f"Resolve the {what} in the database into entities (atomic).")
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    def command(as_json: bool) -> None:
        setup_django()
        check_database()
        from django.core.management import call_command

        from linewatch.web.linking.object_runs import resolve_objects

        call_command("migrate", interactive=False, verbosity=0)
        try:
            run = resolve_objects(kind)
        except Exception as error:
            raise CommandError(f"resolving {what} failed and wrote nothing: {error}") from error
        if as_json:
            click.echo(json.dumps(run.as_dict(), indent=2))
            return
        click.echo(
            f"{run.records:,} {what}: {run.entities:,} entities, {run.joined:,} records joined "
            f"to another, {len(run.review):,} pairs for review"
        )
        for pair in run.review[:20]:
            click.echo(f"  review {kind}:{pair.left} ~ {kind}:{pair.right}: {pair.reason}")

    return command


link_object_commands = [
    _command("phones", "phone", "phones"),
    _command("locations", "location", "locations"),
    _command("vehicles", "vehicle", "vehicles"),
]
