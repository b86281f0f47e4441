"""``linewatch score``: recompute every agency's risk worklists and raise new alerts."""

from __future__ import annotations

import time

import click

from linewatch.cli.django_setup import check_database, check_migrated, setup_django
from linewatch.cli.errors import CommandError


@click.command("score")
@click.option(
    "--stale-only",
    is_flag=True,
    help="Only the roles whose stored run is stale (records changed since, or too old): "
    "for a scheduler that runs this every few minutes.",
)
def score_command(stale_only: bool) -> None:
    """Score the cuckooing, victims and enablers lists and the priority places for every
    agency and role (each from what that role may see, all from one read of the records),
    then raise the alerts that are new. A role that another process is scoring at that moment
    is left to it. Worklist pages never score: they show the stored run, and start a
    rescoring in the background when it is stale (LINEWATCH_RISK_RESCORE, docs/risk.md)."""
    setup_django()
    check_database()
    check_migrated()
    from linewatch.core.risk import WeightsError
    from linewatch.web.risk.alerts import raise_alerts
    from linewatch.web.risk.records import read_records
    from linewatch.web.risk.rescoring import rescore
    from linewatch.web.risk.runs import weights
    from linewatch.web.risk.signals import inputs_from

    started = time.perf_counter()
    try:
        chosen = weights()
    except WeightsError as error:
        raise CommandError(str(error)) from None
    done = rescore(stale_only=stale_only)
    raised = []
    if done.runs or not stale_only:
        records = done.records or read_records()
        inputs = inputs_from(records, radius_m=chosen["cuckooing"].radius_m)
        raised = raise_alerts(inputs, chosen, inputs.latest) if inputs.latest else []
    busy = f", {len(done.busy)} being scored by another process" if done.busy else ""
    click.echo(
        f"{len(done.runs)} worklist runs{busy}, {len(raised)} new alerts, "
        f"in {time.perf_counter() - started:.1f} s"
    )
