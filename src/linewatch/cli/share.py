"""``linewatch share person|line ID --purpose TEXT --lawful-basis TEXT --out DIR``: a share
package for another force, as JSON and PDF, logged as a disclosure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError

DEFAULT_FORCE = "leicestershire-police"


def _default_recipients(subject: str, pk: int) -> list[str]:
    from linewatch.web.events.models import Event
    from linewatch.web.lines.models import CountyLine

    if subject == "line":
        line = CountyLine.objects.filter(pk=pk).first()
        return [line.exporting_force] if line is not None and line.exporting_force else []
    forces = set(
        CountyLine.objects.filter(members__person_id=pk)
        .exclude(exporting_force="")
        .values_list("exporting_force", flat=True)
    )
    if not forces:
        forces = set(
            Event.objects.filter(kind="missing_episode", person_links__person_id=pk)
            .exclude(home_force="")
            .values_list("home_force", flat=True)
        )
    return sorted(forces)


def _exporter(username: str | None, agency_code: str) -> Any:
    from linewatch.web.accounts.models import Agency, User
    from linewatch.web.interventions.sharing import SystemExporter

    if username:
        user = User.objects.select_related("agency").filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}; give an existing username to --as")
        return user
    agency = Agency.objects.filter(code=agency_code, kind="police").first()
    if agency is None:
        raise CommandError(f"no police force {agency_code!r}; give one with --agency")
    return SystemExporter(agency=agency)


@click.command("share")
@click.argument("subject", type=click.Choice(["person", "line"]))
@click.argument("record_id", metavar="ID", type=int)
@click.option("--purpose", required=True, help="Why the recipient needs it.")
@click.option("--lawful-basis", "lawful_basis", required=True, help="The lawful basis.")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the JSON and PDF (created if missing).",
)
@click.option(
    "--recipients",
    default=None,
    help="Recipient forces or units, comma-separated (default: the exporting force(s)).",
)
@click.option("--as", "username", default=None, help="Export as this user (default: the force).")
@click.option(
    "--agency",
    "agency_code",
    default=DEFAULT_FORCE,
    show_default=True,
    help="The exporting force, when not --as a user.",
)
def share_command(
    subject: str,
    record_id: int,
    purpose: str,
    lawful_basis: str,
    out: Path,
    recipients: str | None,
    username: str | None,
    agency_code: str,
) -> None:
    """Make a share package for a PERSON or LINE by its ID (docs/share-packages.md).

    Writes share-<subject>-<ID>-<package>.json and .pdf into --out and prints both paths.
    """
    setup_django()
    check_database()
    from django.core.management import call_command

    from linewatch.web.demo import load_agencies
    from linewatch.web.interventions.sharing import (
        ShareError,
        build_package,
        package_json,
        package_pdf,
    )

    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    exporter = _exporter(username, agency_code)
    names = [r for r in (recipients or "").split(",") if r.strip()]
    names = names or _default_recipients(subject, record_id)
    if not names:
        raise CommandError("no recipient is known for this record; give --recipients")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot create {out}: {error.strerror}") from None
    try:
        package = build_package(
            exporter,
            subject,
            record_id,
            purpose=purpose,
            lawful_basis=lawful_basis,
            recipients=names,
        )
    except ShareError as error:
        raise CommandError("; ".join(message for _, message in error.problems)) from None
    stem = out / f"share-{subject}-{record_id}-{package.pk}"
    json_path, pdf_path = stem.with_suffix(".json"), stem.with_suffix(".pdf")
    json_path.write_text(package_json(package), encoding="utf-8")
    pdf_path.write_bytes(package_pdf(package))
    click.echo(str(json_path))
    click.echo(str(pdf_path))
