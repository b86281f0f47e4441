"""``linewatch import KIND FILE...``: import feed files, one summary line per file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError
from linewatch.feeds import FEEDS


@click.command("import")
@click.argument("kind", type=click.Choice(sorted(FEEDS), case_sensitive=False), metavar="KIND")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--agency", help="Code of the sending agency, for files without an agency column.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_command(kind: str, files: tuple[Path, ...], agency: str | None, as_json: bool) -> None:
    """Import FILES of feed KIND (see docs/feeds.md for every kind and its columns).

    Each file is imported whole or not at all; a file imported before adds nothing. Rows that
    fail validation are kept, with their reasons, for correction. Exits 0 when every file was
    processed (whatever was rejected), 1 when a file could not be processed.
    """
    setup_django()
    check_database()
    from django.core.management import call_command

    from linewatch.web.demo import load_agencies
    from linewatch.web.intake.loader import ImportFailed, import_file

    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    results = []
    for path in files:
        progress = _progress_bar(path, enabled=not as_json)
        try:
            result = import_file(kind.lower(), path, agency_code=agency, progress=progress)
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        finally:
            if progress is not None:
                progress.close()
        results.append(result)
        if not as_json:
            click.echo(result.summary_line())
    if as_json:
        click.echo(json.dumps({"files": [r.as_dict() for r in results]}, indent=2))
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise click.exceptions.Exit(1)


class _Bar:
    """A progress bar on the terminal (nothing when output is not a terminal)."""

    def __init__(self, path: Path) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc=path.name, unit=" rows", file=sys.stderr, leave=False)

    def __call__(self, done: int) -> None:
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def _progress_bar(path: Path, *, enabled: bool) -> _Bar | None:
    return _Bar(path) if enabled and sys.stderr.isatty() else None
