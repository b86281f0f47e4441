"""``linewatch load-scenario``: import a simulator output directory in one go."""

from __future__ import annotations

from pathlib import Path

import click

from linewatch.cli.django_setup import check_database, setup_django


@click.command("load-scenario")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--register-lines/--no-register-lines",
    default=False,
    help="Also enter the scenario's known lines into the register (as the demo does).",
)
def load_scenario_command(directory: Path, register_lines: bool) -> None:
    """Import every feed listed in DIRECTORY/feeds/manifest.json (from ``linewatch simulate``)."""
    setup_django()
    check_database()
    from django.core.management import call_command

    from linewatch.web.demo import load_agencies
    from linewatch.web.intake.scenario import load_scenario

    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    summary = load_scenario(directory, register_lines=register_lines, progress=True)
    click.echo(
        f"{summary.files} files: {summary.accepted:,} accepted, {summary.rejected:,} rejected, "
        f"{summary.already_present:,} already present; {summary.lines} lines registered."
    )
