"""``linewatch link persons``: resolve the people in any CSV into entities (no database)."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from linewatch.cli.errors import CommandError
from linewatch.core.linking.person_csv import (
    PERSON_FIELDS,
    PersonCsvError,
    parse_mapping,
    read_person_csv,
)

OUTPUT_HEADER = ("id", "entity_id", "match_probability")


@click.group("link")
def link_group() -> None:
    """Entity resolution: find the records that are the same person."""


@link_group.command("persons")
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_csv",
    required=True,
    metavar="OUT.csv",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write id,entity_id,match_probability (one row per input row).",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="FIELD=COLUMN",
    help=f"Use COLUMN for FIELD; repeat for each field. Fields: {', '.join(PERSON_FIELDS)}. "
    "A field mapped twice joins its columns (e.g. address=street_number address=street).",
)
@click.option("--id", "id_column", required=True, metavar="COLUMN", help="Column naming each row.")
@click.option(
    "--auto-link",
    type=click.FloatRange(0.0, 1.0),
    default=0.95,
    show_default=True,
    help="Match probability at or above which two rows are joined into one entity.",
)
@click.option(
    "--backend",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Splink backend: DuckDB in memory, or Spark in local mode for very large files.",
)
def link_persons_command(
    input_csv: Path,
    out_csv: Path,
    mappings: tuple[str, ...],
    id_column: str,
    auto_link: float,
    backend: str,
) -> None:
    """Resolve the people in INPUT.csv and write OUT.csv with the header
    ``id,entity_id,match_probability``: each row's id (from --id), the entity it was
    resolved to (the smallest id among the rows of that entity) and its best match
    probability with any other row (0 when it matched none).

    Fields not mapped are left out of the comparison. Rows whose mapped fields are all
    blank are kept as entities of their own. Example (a FEBRL file):

    \b
      linewatch link persons dataset3.csv --out entities.csv --id rec_id \\
        --map first_name=given_name --map surname=surname --map dob=date_of_birth \\
        --map postcode=postcode --map address=street_number --map address=address_1 \\
        --map town=suburb
    """
    try:
        mapping = parse_mapping(mappings)
        if not mapping:
            raise PersonCsvError("map at least one field, e.g. --map surname=last_name", usage=True)
        if not input_csv.is_file():
            raise PersonCsvError(f"INPUT.csv {str(input_csv)!r} does not exist", usage=True)
        if not out_csv.parent.is_dir():
            raise PersonCsvError(
                f"--out {str(out_csv)!r}: the directory {str(out_csv.parent)!r} does not exist",
                usage=True,
            )
        table = read_person_csv(input_csv, mapping, id_column)
    except PersonCsvError as problem:
        if problem.usage:
            raise click.UsageError(str(problem)) from problem
        raise CommandError(str(problem)) from problem

    from linewatch.core.linking import link_persons

    try:
        result = link_persons(table.records, backend=backend, auto_link=auto_link)
    except ValueError as problem:
        raise CommandError(str(problem)) from problem
    temporary = out_csv.with_name(out_csv.name + ".partial")
    try:
        with temporary.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_HEADER)
            for record_id in table.ids:
                probability = result.best_probability.get(record_id, 0.0)
                writer.writerow((record_id, result.entity_of[record_id], f"{probability:.6f}"))
        temporary.replace(out_csv)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CommandError(f"cannot write {out_csv}: {error.strerror or error}") from error
    entities = len(set(result.entity_of.values()))
    click.echo(
        f"{len(table.ids):,} rows resolved to {entities:,} entities; wrote {out_csv}", err=True
    )
