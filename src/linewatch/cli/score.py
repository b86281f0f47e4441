"""``linewatch score``: recompute every agency's risk worklists and raise new alerts."""

from __future__ import annotations

import time

import click

from linewatch.cli.django_setup import check_database, check_migrated, setup_django
from linewatch.cli.errors import CommandError


@click.command("score")
def score_command() -> None:
    """Score the cuckooing, victims and enablers lists and the priority places for every
    agency and role (each from what that role may see), then raise the alerts that are new.
    The worklist pages also rescore by themselves when records have arrived since."""
    setup_django()
    check_database()
    check_migrated()
    from linewatch.core.risk import WeightsError
    from linewatch.web.risk.alerts import raise_alerts
    from linewatch.web.risk.runs import recompute_all, weights
    from linewatch.web.risk.signals import build_inputs

    started = time.perf_counter()
    try:
        chosen = weights()
    except WeightsError as error:
        raise CommandError(str(error)) from None
    runs = recompute_all()
    inputs = build_inputs(None, radius_m=chosen["cuckooing"].radius_m)
    raised = raise_alerts(inputs, chosen, inputs.latest) if inputs.latest else []
    click.echo(
        f"{len(runs)} worklist runs, {len(raised)} new alerts, "
        f"in {time.perf_counter() - started:.1f} s"
    )
