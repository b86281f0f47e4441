"""``linewatch report quarterly --la CODE --quarter 2020Q4``: the partnership reports."""

from __future__ import annotations

from pathlib import Path

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.core.geography import UnknownAuthority, lookup_authority
from linewatch.core.trends import AUDIENCES, Quarter, QuarterError


def _migrate() -> None:
    """Create or update the tables first, as `linewatch import` does (a no-op when current)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


class BadArgument(click.ClickException):
    """An option value the command cannot use (exit code 2, like a usage error)."""

    exit_code = 2


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except QuarterError as error:
        raise BadArgument(f"--quarter: {error}") from None


def _audit_disclosure(object_type: str, key: str, summary: str, audience: str) -> None:
    from linewatch.web.audit.trail import record as audit

    audit(
        "disclosure",
        object_type,
        [key],
        summary + " from the command line",
        recipients=f"{audience} audience",
    )


@click.group("report")
def report_group() -> None:
    """Generate partnership reports (HTML, PDF and a CSV/XLSX data annex)."""


def _common(function: click.decorators.FC) -> click.decorators.FC:
    function = click.option(
        "--suppress-below",
        type=click.IntRange(min=1),
        default=None,
        help="Suppress counts from 1 up to this number less one in partner and public "
        "versions (default: the LINEWATCH_SUPPRESS_BELOW setting, 5).",
    )(function)
    function = click.option(
        "--audience",
        type=click.Choice(AUDIENCES),
        default="partner",
        show_default=True,
        help="Who reads it: police (no suppression), partner or public (small numbers suppressed).",
    )(function)
    function = click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Directory to write the files into.",
    )(function)
    return function


@report_group.command("quarterly")
@click.option("--la", "la", required=True, help="GSS code of the local authority, e.g. E07000130.")
@click.option("--quarter", "quarter_text", required=True, help="Quarter, e.g. 2020Q4.")
@_common
def quarterly_command(
    la: str, quarter_text: str, out: Path, audience: str, suppress_below: int | None
) -> None:
    """The quarterly partnership report for one local authority; prints the files' paths.

    Exits 2 for an unknown local authority or a malformed quarter.
    """
    quarter = _quarter(quarter_text)
    try:
        authority = lookup_authority(la)
    except UnknownAuthority as error:
        raise BadArgument(f"--la: {error}") from None
    setup_django()
    check_database()
    _migrate()
    from linewatch.web.trends.reports import build_quarterly, write_report_files

    report = build_quarterly(
        authority.code, quarter, audience=audience, threshold=suppress_below, user=None
    )
    paths = write_report_files(report, out)
    _audit_disclosure(
        "quarterly_report",
        f"{authority.code}:{quarter}",
        f"Generated the quarterly partnership report for {authority.name} {quarter} "
        f"({audience} version: HTML, PDF, annex CSV and XLSX)",
        audience,
    )
    for path in paths:
        click.echo(str(path))


@report_group.command("board")
@click.option("--quarter", "quarter_text", required=True, help="Quarter, e.g. 2020Q4.")
@_common
def board_command(quarter_text: str, out: Path, audience: str, suppress_below: int | None) -> None:
    """The board update (lines, disruptions, priorities, trends) for the whole area."""
    quarter = _quarter(quarter_text)
    setup_django()
    check_database()
    _migrate()
    from linewatch.web.trends.board import build_board, write_board_files

    board = build_board(quarter, audience=audience, threshold=suppress_below, user=None)
    paths = write_board_files(board, out)
    _audit_disclosure(
        "board_update",
        str(quarter),
        f"Generated the board update for {quarter} ({audience} version: HTML, PDF, annex CSV "
        "and XLSX)",
        audience,
    )
    for path in paths:
        click.echo(str(path))
