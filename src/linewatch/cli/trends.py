"""``linewatch trends --out FILE.csv``: the counts behind every report, from the database."""

from __future__ import annotations

from pathlib import Path

import click

from linewatch.cli.django_setup import check_database, setup_django


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@click.command("trends")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="CSV file to write: la_code,quarter,category,count.",
)
def trends_command(out: Path) -> None:
    """Write the counts per local authority, quarter and category to a CSV file.

    One row per local authority (GSS code) × quarter (e.g. 2020Q4) × category that has data,
    counted from every record in the database; docs/trends.md names the categories. Records
    that fall in no local authority are left out and counted in the summary line.
    """
    setup_django()
    check_database()
    _migrate()
    from linewatch.web.audit.trail import record as audit
    from linewatch.web.trends.queries import count_table

    table = count_table(None)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        rows = table.write_csv(handle)
    unplaced = sum(table.unplaced.values())
    audit(
        "disclosure",
        "trends_counts",
        [],
        f"Exported {rows} trend counts (local authority × quarter × category) to {out.name} "
        "from the command line",
        recipients=str(out)[:300],
    )
    note = f"; {unplaced} record(s) in no local authority left out" if unplaced else ""
    click.echo(f"Wrote {rows} rows to {out}{note}")
