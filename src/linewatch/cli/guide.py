"""``linewatch guide --out DIR``: write the best-practice guide as guide.html and guide.pdf."""

from __future__ import annotations

from pathlib import Path

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError


@click.command("guide")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write guide.html and guide.pdf into (created if missing).",
)
@click.option(
    "--as",
    "username",
    default=None,
    help="Make it as this user sees the records (default: a partner outside every agency, "
    "who sees only P-coded, non-sensitive records).",
)
def guide_command(out: Path, username: str | None) -> None:
    """Write the best-practice guide (what works, combinations, case studies) from the records.

    Prints the two paths, one per line. Case studies name no person or address, and hold only
    what the reader may see under the access policy.
    """
    setup_django()
    check_database()
    from django.core.management import call_command

    from linewatch.web.accounts.models import User
    from linewatch.web.audit.trail import record as audit
    from linewatch.web.demo import load_agencies
    from linewatch.web.interventions.guide import GuideReader, build_guide, guide_html, guide_pdf

    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    reader: object = GuideReader()
    if username:
        found = User.objects.select_related("agency").filter(username=username).first()
        if found is None:
            raise CommandError(f"no user {username!r}; give an existing username to --as")
        reader = found
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot create {out}: {error.strerror}") from None
    guide = build_guide(reader)
    html_path, pdf_path = out / "guide.html", out / "guide.pdf"
    html_path.write_text(guide_html(guide), encoding="utf-8")
    pdf_path.write_bytes(guide_pdf(guide))
    audit(
        "disclosure",
        "county_line",
        [],
        f"Best-practice guide written by the command line ({guide.lines_with_interventions} "
        f"lines, {len(guide.case_studies)} case studies)",
        user=reader if username else None,
        justification="Best-practice guide from the partnership's disruptions",
        recipients=f"files in {out.resolve()}"[:300],
    )
    click.echo(str(html_path))
    click.echo(str(pdf_path))
