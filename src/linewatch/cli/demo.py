"""``linewatch demo``: a working Linewatch with a synthetic LLR scenario, in one command."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.serve import serve


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Load the demo scenario and exit.")
@click.option("--seed", default=7, show_default=True, type=click.IntRange(0, None))
@click.option("--weeks", default=52, show_default=True, type=click.IntRange(1, 520))
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.001, 1000))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def demo_command(no_serve: bool, seed: int, weeks: int, scale: float, host: str, port: int) -> None:
    """Create the database, load a simulated scenario and the demo sign-ins, then serve.

    Loading is idempotent: running it again on the same database adds nothing.
    """
    setup_django()
    check_database()
    from django.core.management import call_command

    from linewatch.simulate import simulate
    from linewatch.web.demo import DEMO_PASSWORD, create_demo_users, load_agencies
    from linewatch.web.intake.scenario import load_scenario

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    users = create_demo_users()
    with tempfile.TemporaryDirectory(prefix="linewatch-demo-") as scratch:
        out = Path(scratch) / "scenario"
        click.echo(f"Simulating the LLR demo scenario (seed {seed}, {weeks} weeks, scale {scale})…")
        simulate(seed=seed, weeks=weeks, scale=scale, out=out)
        click.echo("Importing every agency's feeds…")
        summary = load_scenario(out, register_lines=True, progress=True)
    click.echo(
        f"Loaded {summary.accepted:,} records ({summary.already_present:,} already present, "
        f"{summary.rejected:,} rejected rows kept for correction) and "
        f"{summary.lines} county lines in {time.monotonic() - started:.0f} s."
    )
    from linewatch.web.linking.runs import run_linkage

    click.echo("Linking person records across agencies (fills the analysts' review queue)…")
    linking_started = time.monotonic()
    linked = run_linkage("incremental")  # a second demo on the same database links nothing
    click.echo(f"{linked.summary} ({time.monotonic() - linking_started:.0f} s).")
    from linewatch.web.linking.object_runs import KINDS, resolve_objects

    resolving_started = time.monotonic()
    resolved = [resolve_objects(kind) for kind in KINDS]
    click.echo(
        "Resolved "
        + ", ".join(f"{run.records:,} {run.kind}s into {run.entities:,}" for run in resolved)
        + f" ({time.monotonic() - resolving_started:.0f} s)."
    )
    from linewatch.web.interventions.scenario import record_scenario_interventions
    from linewatch.web.risk.alerts import raise_alerts
    from linewatch.web.risk.records import read_records
    from linewatch.web.risk.rescoring import rescore
    from linewatch.web.risk.runs import weights
    from linewatch.web.risk.signals import inputs_from

    recorded = record_scenario_interventions()
    click.echo(f"Recorded {recorded} interventions behind the demo lines' disruptions.")
    scoring_started = time.monotonic()
    chosen = weights()
    scored = rescore(stale_only=False)  # worklist pages only read stored runs
    inputs = inputs_from(scored.records or read_records(), radius_m=chosen["cuckooing"].radius_m)
    raised = raise_alerts(inputs, chosen, inputs.latest) if inputs.latest else []
    click.echo(
        f"Scored {len(scored.runs)} roles' worklists and raised {len(raised)} alerts "
        f"({time.monotonic() - scoring_started:.0f} s); `linewatch score` scores them again."
    )
    click.echo("")
    click.echo(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    width = max(len(u.username) for u in users)
    for user in users:
        click.echo(f"  {user.username:<{width}}  {user.get_role_display()}, {user.agency}")
    click.echo(
        "Police and analyst roles also need a two-factor code: `linewatch demo-code USERNAME` "
        "prints it (or add the demo secret NRUW 4ZLX MF2G G2BN MRSW 23ZN ORXX I4BB to an "
        "authenticator app)."
    )
    if no_serve:
        return
    click.echo("")
    serve(host, port)
