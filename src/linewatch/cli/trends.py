"""``linewatch trends --out FILE.csv``: the counts behind every report, from the database."""

from __future__ import annotations

import csv
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
@click.option(
    "--level",
    "level",
    type=click.Choice(["npa", "ward", "lsoa"]),
    default=None,
    help="Also break down below the local authority: adds an area_code column "
    "(la_code,area_code,quarter,category,count; area_code empty for records not placed).",
)
def trends_command(out: Path, level: str | None) -> None:
    """Write the counts per local authority, quarter and category to a CSV file.

    One row per local authority (GSS code) × quarter (e.g. 2020Q4) × category that has data,
    counted from every record in the database; docs/trends.md names the categories. Records
    that fall in no local authority are left out and counted in the summary line. With
    ``--level`` each row is also per NPA (its name), ward or LSOA (GSS code) of the authority.
    """
    setup_django()
    check_database()
    _migrate()
    from linewatch.web.audit.trail import record as audit
    from linewatch.web.trends.queries import count_table, level_table

    out.parent.mkdir(parents=True, exist_ok=True)
    if level is None:
        table = count_table(None)
        with out.open("w", encoding="utf-8", newline="") as handle:
            rows = table.write_csv(handle)
        what = "local authority × quarter × category"
    else:
        from linewatch.core.trends import parse_level
        from linewatch.core.trends.levels import LEVEL_CSV_COLUMNS, csv_rows

        chosen = parse_level(level)
        table = level_table(None, chosen)
        found = csv_rows(chosen, table)
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(LEVEL_CSV_COLUMNS)
            writer.writerows(found)
        rows = len(found)
        what = f"local authority × {chosen.label} × quarter × category"
    unplaced = sum(table.unplaced.values())
    audit(
        "disclosure",
        "trends_counts",
        [],
        f"Exported {rows} trend counts ({what}) to {out.name} from the command line",
        recipients=str(out)[:300],
    )
    note = f"; {unplaced} record(s) in no local authority left out" if unplaced else ""
    click.echo(f"Wrote {rows} rows to {out}{note}")
