"""``linewatch backup create|verify|restore FILE``: database backups that are checked."""

from __future__ import annotations

from pathlib import Path

import click

from linewatch.cli.django_setup import check_database, setup_django
from linewatch.cli.errors import CommandError

FILE = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))


@click.group("backup")
def backup_group() -> None:
    """Back up the database, check a backup, and restore one (docs/operator-guide.md)."""


def _ready() -> None:
    setup_django()
    check_database()


@backup_group.command("create")
@FILE
def create_command(file: Path) -> None:
    """Copy the database to FILE (SQLite: online backup; PostgreSQL: pg_dump -Fc) and write
    FILE.manifest.json with its checksum, migrations, rows per table and audit chain."""
    _ready()
    from linewatch.cli.backup_store import BackupError, create, manifest_path

    try:
        manifest = create(file)
    except BackupError as error:
        raise CommandError(str(error)) from None
    rows = sum(manifest["tables"].values())
    click.echo(
        f"Backup written: {file} ({manifest['bytes']:,} bytes, {len(manifest['tables'])} tables, "
        f"{rows:,} rows, {manifest['audit']['entries']:,} audit entries); "
        f"manifest {manifest_path(file).name}."
    )


def _report(problems: list[str], notes: list[str]) -> None:
    for note in notes:
        click.echo(f"  note: {note}")
    for problem in problems[:50]:
        click.echo(f"  {problem}", err=True)


@backup_group.command("verify")
@FILE
def verify_command(file: Path) -> None:
    """Open the copy and check it against its manifest: checksum, migrations, rows in every
    table, and the audit hash chain. Exit 1 if anything differs."""
    _ready()
    from linewatch.cli.backup_store import BackupError, verify

    try:
        result = verify(file)
    except BackupError as error:
        raise CommandError(str(error)) from None
    _report(result.problems, result.notes)
    if not result.ok:
        raise CommandError(f"the backup {file} did NOT verify: {len(result.problems)} problem(s)")
    manifest = result.manifest
    click.echo(
        f"Backup verified: {file} from {manifest['created_at']}, {len(manifest['tables'])} "
        f"tables and {manifest['audit']['entries']:,} audit entries as the manifest says; "
        "audit hash chain intact."
    )


@backup_group.command("restore")
@FILE
@click.option("--force", is_flag=True, help="Replace a database that is not empty.")
def restore_command(file: Path, force: bool) -> None:
    """Verify FILE, then replace the database with it (refused for a database that holds any
    records, unless --force), then check the restored database against the manifest."""
    _ready()
    from linewatch.cli.backup_store import BackupError, restore

    try:
        result = restore(file, force=force)
    except BackupError as error:
        raise CommandError(str(error)) from None
    _report(result.problems, result.notes)
    if not result.ok:
        raise CommandError(f"the restored database does NOT match {file}'s manifest")
    click.echo(f"Restored from {file}; rows and audit chain checked against the manifest.")
