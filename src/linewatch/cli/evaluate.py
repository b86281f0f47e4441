"""``linewatch evaluate --seed N [--json]``: simulate, ingest, score, and measure the risk lists
against the scenario's ground truth, ours beside a naive baseline."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from linewatch.cli.errors import CommandError

DEFAULT_SCALE = 0.5
DEFAULT_WEEKS = 52


@click.command("evaluate")
@click.option("--seed", type=int, required=True, help="Simulator seed.")
@click.option(
    "--weeks", type=click.IntRange(13, 520), default=DEFAULT_WEEKS, show_default=True,
    help="Length of the simulated window.",
)  # fmt: skip
@click.option(
    "--scale", type=click.FloatRange(0.01, 20), default=DEFAULT_SCALE, show_default=True,
    help="Simulator scale (1.0 = about 15 lines).",
)  # fmt: skip
@click.option("--k", "k", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option(
    "--weights", "weights_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A risk weights YAML file (default: the packaged weights).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def evaluate_command(
    seed: int, weeks: int, scale: float, k: int, weights_file: Path | None, as_json: bool
) -> None:
    """Simulate a scenario, ingest it into a fresh database, score the cuckooing, victims and
    enablers lists, and measure them against the ground truth: precision@k and recall@k per
    quarter (their mean is the headline), R-precision and average precision (which do not
    depend on k: at scale 0.5 a quarter has fewer than 20 positives), and the median lead time
    in days from first entering the top k to confirmation. The naive baseline ranks by raw
    counts of records."""
    from linewatch.core.risk import WeightsError, load_weights

    try:
        weights = load_weights(weights_file)
    except WeightsError as error:
        raise CommandError(str(error)) from None
    work = Path(tempfile.mkdtemp(prefix="linewatch-evaluate-"))
    try:
        result = _run(seed, weeks, scale, k, weights, work, quiet=as_json)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"seed {seed}, {weeks} weeks, scale {scale}: {result['records']:,} records ingested; "
        f"scored in {result['seconds']['scoring']:.1f} s"
    )
    for name in ("cuckooing", "victims", "enablers"):
        for method in ("ours", "baseline"):
            m = result[name][method]
            click.echo(
                f"{name:9} {method:8} precision@{k} {_fmt(m[f'precision_at_{k}'])}  "
                f"recall@{k} {_fmt(m[f'recall_at_{k}'])}  "
                f"R-precision {_fmt(m['r_precision'])}  AP {_fmt(m['average_precision'])}  "
                f"median lead {_fmt(m['median_lead_days'], 'd')}  "
                f"({m['alerted_before_confirmation']}/{m['confirmed']} flagged before confirmation)"
            )


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}{unit}" if unit else f"{value:.2f}"


def _run(
    seed: int, weeks: int, scale: float, k: int, weights: Any, work: Path, *, quiet: bool
) -> dict[str, Any]:
    from linewatch.simulate import simulate
    from linewatch.simulate.config import DEFAULT_START

    started = time.perf_counter()
    out = work / "scenario"
    simulate(seed=seed, weeks=weeks, scale=scale, out=out)
    simulated = time.perf_counter()
    _use_fresh_database(work)
    from django.core.management import call_command

    from linewatch.web.demo import load_agencies
    from linewatch.web.intake.scenario import load_scenario
    from linewatch.web.risk.evaluation import evaluate
    from linewatch.web.risk.signals import build_inputs

    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    summary = load_scenario(out, register_lines=False, progress=not quiet)
    loaded = time.perf_counter()
    inputs = build_inputs(None, radius_m=weights["cuckooing"].radius_m)
    start = DEFAULT_START
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    metrics = evaluate(inputs, weights, out / "truth", start, end, k=k)
    scored = time.perf_counter()
    return {
        "seed": seed,
        "weeks": weeks,
        "scale": scale,
        "k": k,
        "window": [start.isoformat(), end.isoformat()],
        "records": summary.accepted,
        "weights": weights.source,
        **metrics,
        "seconds": {
            "simulate": round(simulated - started, 1),
            "ingest": round(loaded - simulated, 1),
            "scoring": round(scored - loaded, 1),
        },
    }


def _use_fresh_database(work: Path) -> None:
    """A new SQLite file for this run, unless Django is already set up (then its database)."""
    from django.apps import apps

    if not apps.ready:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'evaluate.db'}"
        from linewatch.cli.django_setup import setup_django

        setup_django()


__all__ = ["evaluate_command"]
