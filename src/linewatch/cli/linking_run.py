"""``linewatch link run``: link the database's person records (incremental by default)."""

from __future__ import annotations

import json
import time

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError


@click.command("run")
@click.option(
    "--full",
    is_flag=True,
    help="Re-score every record (retrains the model); by default only records not yet linked "
    "are linked against the existing entities.",
)
@click.option(
    "--backend", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True
)
@click.option(
    "--auto-link",
    type=click.FloatRange(0, 1),
    default=0.95,
    show_default=True,
    help="Match probability at or above which a pair is linked without review.",
)
@click.option(
    "--review-floor",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Match probability at or above which a pair goes to the analysts' review queue.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run's figures as JSON.")
def link_run_command(
    full: bool, backend: str, auto_link: float, review_floor: float, as_json: bool
) -> None:
    """Resolve the person records in the database into entities and fill the review queue.

    The run is atomic: if it fails, nothing is written and the run is recorded as failed.
    Analysts' decisions (confirmed, rejected, un-linked pairs) are kept and respected.
    """
    if review_floor > auto_link:
        raise CommandError(
            f"--review-floor ({review_floor}) must not be above --auto-link ({auto_link})"
        )
    setup_django()
    check_database()
    from django.core.management import call_command

    from linewatch.web.linking.runs import Settings, run_linkage

    call_command("migrate", interactive=False, verbosity=0)
    started = time.monotonic()
    try:
        run = run_linkage(
            "full" if full else "incremental",
            settings=Settings(backend=backend, auto_link=auto_link, review_floor=review_floor),
        )
    except Exception as error:
        raise CommandError(f"the linkage run failed and wrote nothing: {error}") from error
    seconds = time.monotonic() - started
    figures = {
        "run": run.pk,
        "kind": run.kind,
        "records": run.records,
        "pairs_scored": run.pairs_scored,
        "auto_links": run.auto_links,
        "review_pairs": run.review_pairs,
        "decisions_kept": run.decisions_kept,
        "entities": run.entities,
        "seconds": round(seconds, 1),
    }
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"{run.summary} ({seconds:.1f} s).")
