"""``linewatch simulate``: write a synthetic scenario to a directory."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from linewatch.simulate.config import (
    DEFAULT_START,
    MAX_SCALE,
    MAX_WEEKS,
    ScenarioConfig,
    SimulationError,
)
from linewatch.simulate.run import run


def _parse_start(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return DEFAULT_START
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from None


@click.command("simulate")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (>= 0).")
@click.option(
    "--weeks",
    type=int,
    default=52,
    show_default=True,
    help=f"Length of the scenario in weeks (1-{MAX_WEEKS}).",
)
@click.option(
    "--scale",
    type=float,
    default=1.0,
    show_default=True,
    help=f"Lines and background volume; 1 = a realistic LLR year (0 < scale <= {MAX_SCALE:g}).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Output directory (new, empty, or an earlier scenario to replace).",
)
@click.option(
    "--start",
    callback=_parse_start,
    default=None,
    help=f"First day, YYYY-MM-DD [default: {DEFAULT_START.isoformat()}].",
)
def simulate_command(seed: int, weeks: int, scale: float, out: Path, start: date) -> None:
    """Write a deterministic synthetic LLR county lines scenario with ground truth."""
    try:
        config = ScenarioConfig(seed, weeks, scale, start)
    except SimulationError as error:
        raise click.UsageError(str(error)) from None
    try:
        summary = run(config, out)
    except SimulationError as error:
        raise click.UsageError(str(error)) from None
    table = [(f"feeds/{path}", rows) for path, rows in summary.feeds.items()]
    table += [(f"truth/{path}", rows) for path, rows in summary.truth.items()]
    width = max(len(label) for label, _ in table)
    click.echo(f"{'file':<{width}}  {'rows':>9}")
    for label, rows in table:
        click.echo(f"{label:<{width}}  {rows:>9,}")
    click.echo(
        f"{summary.events:,} event rows and {summary.rows - summary.events:,} person "
        f"records in {len(summary.feeds)} feed files under {out}"
    )


if __name__ == "__main__":
    simulate_command()
