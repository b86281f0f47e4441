"""``linewatch campaign``: diversion campaigns from a seized handset's contact list."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import click

from linewatch.cli.errors import CommandError
from linewatch.core.campaign import (
    ContactFileError,
    Preparation,
    Screening,
    prepare,
    read_contact_file,
)

NEEDED_APPS = ("accounts", "pole", "messaging")
JSON_SHAPE = """\b
JSON printed with --json:
  {"input_rows": N, "eligible": N,
   "removed": {"invalid": n, "duplicate": n, "excluded": n, "opted_out": n,
               "known_child": n, "police_or_partner": n, "do_not_contact": n,
               "not_mobile": n},
   "rejected_rows": [{"row": 3, "field": "phone", "reason": "..."}],
   "database_checks": true|false, "database_note": "why skipped",
   "exclusion_files": [{"file": "...", "rows": n, "numbers": n, "rejected_rows": [...]}]}
Every reason is always present; eligible + sum(removed) == input_rows. Rows are numbered as in
the file, the header being row 1."""


@click.group("campaign")
def campaign_group() -> None:
    """Diversion campaigns: prepare a seized handset's contact list (see docs/messaging.md)."""


def _database_screening() -> tuple[Screening | None, str]:
    """The database checks when a migrated database is there, else (None, why not)."""
    try:
        from linewatch.cli.django_setup import setup_django

        setup_django()
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        name = str(connection.settings_dict.get("NAME") or "")
        in_memory = name.startswith("file:") or name == ":memory:"
        if connection.vendor == "sqlite" and not in_memory and not Path(name).is_file():
            return None, f"no database at {name} (set DATABASE_URL, run `linewatch migrate`)"
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] in NEEDED_APPS]
        if executor.migration_plan(leaves):
            return None, "the database is not migrated (run `linewatch migrate`)"
    except Exception as error:  # any reason the database cannot be used: files alone
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return None, f"the database cannot be used ({text})"
    from linewatch.web.messaging.screening import screen

    return screen, ""


def _write_eligible(path: Path, result: Preparation, header: tuple[str, ...]) -> None:
    others = [column for column in header if column.strip().casefold() != "phone"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "phone", *others])
        for contact in result.eligible:
            writer.writerow(
                [contact.row, contact.e164, *(contact.columns.get(c, "") for c in others)]
            )


@campaign_group.command("prepare", epilog=JSON_SHAPE)
@click.argument("contacts", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A CSV file with a 'phone' column of numbers never to message (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON (shape below).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the eligible rows (E.164 number and the other columns) to this CSV file.",
)
@click.option("--no-database", is_flag=True, help="Skip the database checks; use the files only.")
def prepare_command(
    contacts: Path, excludes: tuple[Path, ...], as_json: bool, out: Path | None, no_database: bool
) -> None:
    """Count the numbers of CONTACTS.csv that may be sent a diversion message; send nothing.

    Numbers are read in any format (07700 900123, +447700900123, 7700900123, 0044…; UK by
    default), de-duplicated in E.164 (the first row is kept) and removed when they are on an
    --exclude file and, when a migrated database is configured (DATABASE_URL), when they opted
    out, belong to a known child, are a police or partner number or are on the do-not-contact
    list. Without a database those checks are skipped and the output says so.
    """
    try:
        contact_list = read_contact_file(contacts)
        exclusion_lists = [read_contact_file(path, need_rows=False) for path in excludes]
    except ContactFileError as error:
        raise CommandError(str(error)) from None
    screening, note = (None, "--no-database was given") if no_database else _database_screening()
    result = prepare(contact_list, exclusion_lists, screening, database_note=note)
    if out is not None:
        _write_eligible(out, result, contact_list.header)
    if as_json:
        payload: dict[str, Any] = result.as_json()
        click.echo(json.dumps(payload, indent=2))
        return
    for line in result.summary_lines():
        click.echo(line)
    if out is not None:
        click.echo(f"Eligible rows written to {out}.")


@campaign_group.command("mark-simulated")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def mark_simulated_command(directory: Path) -> None:
    """Record every feed file of a simulator output DIRECTORY as simulated: campaigns built from
    them are never sent to GOV.UK Notify (see docs/messaging.md)."""
    from linewatch.cli.django_setup import check_database, setup_django

    setup_django()
    check_database()
    from django.core.management import call_command

    from linewatch.web.messaging.campaigns import record_scenario

    if not (directory / "feeds" / "manifest.json").is_file():
        raise CommandError(
            f"{directory} has no feeds/manifest.json: give the directory written by "
            "`linewatch simulate --out DIR`"
        )
    call_command("migrate", interactive=False, verbosity=0)
    count = record_scenario(directory)
    click.echo(f"{count} feed files of {directory} recorded as simulated.")


def _numbers_or_fail(numbers: tuple[str, ...]) -> list[str]:
    from linewatch.core.campaign import check_number

    checked = [(text, check_number(text)) for text in numbers]
    bad = [f"{text!r}: {result.problem}" for text, result in checked if not result.valid]
    if bad:
        raise CommandError("; ".join(bad))
    return sorted({result.e164 for _, result in checked})


def _with_database() -> None:
    from linewatch.cli.django_setup import check_database, check_migrated, setup_django

    setup_django()
    check_database()
    check_migrated()


@campaign_group.command("never-contact")
@click.argument("numbers", nargs=-1, required=True)
@click.option("--reason", required=True, help="Why (e.g. 'victim', 'witness'); kept and audited.")
@click.option(
    "--kind",
    type=click.Choice(["do-not-contact", "opted-out"]),
    default="do-not-contact",
    show_default=True,
    help="The do-not-contact list, or an opt-out asked for other than by a STOP reply.",
)
def never_contact_command(numbers: tuple[str, ...], reason: str, kind: str) -> None:
    """Add NUMBERS (any format) to the do-not-contact list or the opt-outs: no campaign will
    message them."""
    e164s = _numbers_or_fail(numbers)
    _with_database()
    from django.utils import timezone

    from linewatch.web.audit.trail import record as audit
    from linewatch.web.messaging.models import DoNotContact, OptOut

    added = 0
    for e164 in e164s:
        if kind == "do-not-contact":
            _, created = DoNotContact.objects.get_or_create(
                e164=e164, defaults={"reason": reason[:200]}
            )
        else:
            _, created = OptOut.objects.get_or_create(
                e164=e164,
                defaults={"recorded_at": timezone.now(), "source": "manual", "reply": reason[:160]},
            )
        added += created
    audit(
        "alteration",
        kind.replace("-", "_"),
        e164s,
        f"Added {added} numbers to the {kind} list from the command line",
        justification=reason,
    )
    click.echo(f"{added} added to the {kind} list, {len(e164s) - added} already on it.")


@campaign_group.command("partner-number")
@click.argument("numbers", nargs=-1, required=True)
@click.option("--agency", "agency_code", required=True, help="Code of the agency whose numbers.")
@click.option("--label", default="", help="Whose number (e.g. 'Charnwood NPT duty phone').")
def partner_number_command(numbers: tuple[str, ...], agency_code: str, label: str) -> None:
    """Record NUMBERS as a police or partner agency's own: never sent a diversion message."""
    e164s = _numbers_or_fail(numbers)
    _with_database()
    from linewatch.web.accounts.models import Agency
    from linewatch.web.audit.trail import record as audit
    from linewatch.web.messaging.models import PartnerNumber

    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(f"agency {agency_code!r} is not known; known agencies: {known}")
    added = 0
    for e164 in e164s:
        _, created = PartnerNumber.objects.get_or_create(
            agency=agency, e164=e164, defaults={"label": label[:120]}
        )
        added += created
    audit("alteration", "partner_number", e164s, f"Added {added} numbers of {agency.code}")
    click.echo(f"{added} numbers of {agency.name} recorded, {len(e164s) - added} already known.")
