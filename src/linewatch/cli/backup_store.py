"""Database backups that can be checked: a copy, a manifest beside it, and a verification.

A backup is the database file copied with SQLite's online backup API (consistent while the
service runs), or ``pg_dump -Fc`` of PostgreSQL taken in the same snapshot as the row counts.
The manifest (``FILE.manifest.json``) records the copy's SHA-256, the migrations applied, the
rows in every table and the audit chain's length and last hash. Verifying opens the copy
(PostgreSQL: restored into a scratch database, dropped afterwards) and checks all of them,
walking the audit hash chain entry by entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
ALIAS = "linewatch_backup"


class BackupError(Exception):
    """A backup cannot be made, verified or restored; the message says why."""


@dataclass
class Verification:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def manifest_path(file: Path) -> Path:
    return file.with_name(file.name + ".manifest.json")


def sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def engine() -> str:
    from django.db import connection

    return str(connection.vendor)  # "sqlite" or "postgresql"


# -- reading a database through a connection -------------------------------------------------


def _counts(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _chain(alias: str) -> tuple[int, str, list[str]]:
    """Walk the audit chain of database ``alias``: (entries, last hash, problems)."""
    from linewatch.web.audit.models import AuditChainHead, AuditEvent
    from linewatch.web.audit.trail import GENESIS

    problems: list[str] = []
    previous, checked = GENESIS, 0
    for event in AuditEvent.objects.using(alias).order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.previous_hash != previous:
            problems.append(f"audit entry {event.id}: does not link to the entry before it")
        if event.compute_hash() != event.entry_hash:
            problems.append(f"audit entry {event.id}: its content does not match its hash")
        previous = event.entry_hash
    head = AuditChainHead.objects.using(alias).filter(id=1).first()
    if head is not None and (head.last_hash != previous or head.length != checked):
        problems.append(f"the audit chain head records {head.length} entries, {checked} were found")
    return checked, previous, problems


def describe(alias: str = "default") -> dict[str, Any]:
    """Migrations, row counts per table and the audit chain of a database."""
    from django.db import connections

    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = _counts(cursor, tables, connection.ops.quote_name)
        migrations = _migrations(cursor)
    length, last_hash, _ = _chain(alias)
    return {
        "migrations": migrations,
        "tables": counts,
        "audit": {"entries": length, "last_hash": last_hash},
    }


@contextmanager
def extra_database(overrides: dict[str, Any]) -> Iterator[str]:
    """A second Django database alias, like the default one with ``overrides``."""
    from django.db import connections

    base = dict(connections.databases["default"])
    connections.databases[ALIAS] = {**base, "CONN_MAX_AGE": 0, **overrides}
    try:
        yield ALIAS
    finally:
        if ALIAS in connections:
            connections[ALIAS].close()
            del connections[ALIAS]
        connections.databases.pop(ALIAS, None)


# -- SQLite ---------------------------------------------------------------------------------


def _sqlite_name() -> Path:
    from django.db import connection

    return Path(str(connection.settings_dict["NAME"]))


def _sqlite_copy(source: Path, target: Path) -> None:
    """The online backup API: a consistent copy even while others write."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=4096)
    with sqlite3.connect(target) as dst:
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file


def _sqlite_open_copy(file: Path) -> Any:
    return extra_database({"NAME": f"file:{file}?mode=ro", "OPTIONS": {"uri": True}, "TEST": {}})


# -- PostgreSQL -----------------------------------------------------------------------------


def _pg_env(settings: dict[str, Any], name: str | None = None) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return ["--dbname", name or str(settings["NAME"])], env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def _pg_dump(target: Path) -> dict[str, Any]:
    """Dump and count in one snapshot, so the manifest describes exactly what was dumped."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        described = describe()
        dbname, env = _pg_env(connection.settings_dict)
        _run(
            ["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target), *dbname],
            env,
        )
    return described


@contextmanager
def _pg_scratch(file: Path) -> Iterator[str]:
    """The dump restored into a scratch database, dropped afterwards."""
    from django.db import connection

    name = f"linewatch_verify_{uuid.uuid4().hex[:12]}"
    _, env = _pg_env(connection.settings_dict)  # createdb and dropdb read PGHOST and so on
    _run(["createdb", name], env)
    try:
        _run(["pg_restore", "--no-owner", "--exit-on-error", "-d", name, str(file)], env)
        with extra_database({"NAME": name}) as alias:
            yield alias
    finally:
        _run(["dropdb", "--if-exists", name], env)


# -- the three operations -------------------------------------------------------------------


def create(file: Path) -> dict[str, Any]:
    """Write the backup and its manifest; return the manifest."""
    file = file.resolve()
    if file.exists():
        raise BackupError(f"{file} already exists; choose a new name")
    file.parent.mkdir(parents=True, exist_ok=True)
    kind = engine()
    if kind == "sqlite":
        source = _sqlite_name()
        if source.resolve() == file:
            raise BackupError("the backup cannot be the database file itself")
        _sqlite_copy(source, file)
        with _sqlite_open_copy(file) as alias:
            described = describe(alias)
    elif kind == "postgresql":
        described = _pg_dump(file)
    else:
        raise BackupError(f"backups of {kind} databases are not supported")
    manifest = {
        "format": FORMAT,
        "engine": kind,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "file": file.name,
        "sha256": sha256(file),
        "bytes": file.stat().st_size,
        **described,
    }
    manifest_path(file).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def read_manifest(file: Path) -> dict[str, Any]:
    path = manifest_path(file)
    if not file.is_file():
        raise BackupError(f"{file} does not exist")
    if not path.is_file():
        raise BackupError(f"{path.name} is missing: a backup is checked against its manifest")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise BackupError(f"{path.name} is not valid JSON ({error.msg})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} has format {manifest.get('format')!r}, not {FORMAT}")
    return manifest


def _compare(manifest: dict[str, Any], found: dict[str, Any], result: Verification) -> None:
    from django.db.migrations.loader import MigrationLoader

    if found["migrations"] != manifest["migrations"]:
        result.problems.append("the migrations in the copy differ from the manifest")
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, load=True).graph.nodes}
    unknown = sorted(set(found["migrations"]) - known)
    if unknown:
        result.problems.append(
            f"the copy has {len(unknown)} migration(s) this version does not know "
            f"({', '.join(unknown[:3])}): restore it with the version that made it"
        )
    pending = len(known - set(found["migrations"]))
    if pending:
        result.notes.append(f"{pending} migration(s) to apply after restoring (linewatch migrate)")
    for table, rows in sorted(manifest["tables"].items()):
        got = found["tables"].get(table)
        if got != rows:
            result.problems.append(f"table {table}: {got} rows in the copy, {rows} in the manifest")
    for table in sorted(set(found["tables"]) - set(manifest["tables"])):
        result.problems.append(f"table {table} is in the copy but not in the manifest")
    if found["audit"] != manifest["audit"]:
        result.problems.append(
            f"audit chain: {found['audit']['entries']} entries in the copy, "
            f"{manifest['audit']['entries']} in the manifest (or a different last hash)"
        )


def verify(file: Path) -> Verification:
    """Check the copy against its manifest: checksum, migrations, rows, audit chain."""
    file = file.resolve()
    manifest = read_manifest(file)
    result = Verification(manifest)
    if sha256(file) != manifest["sha256"]:
        result.problems.append("the file's SHA-256 differs from the manifest: it was changed")
        return result
    if manifest["engine"] != engine():
        raise BackupError(
            f"this is a {manifest['engine']} backup; DATABASE_URL names a {engine()} database"
        )
    if manifest["engine"] == "sqlite":
        with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as copy:
            integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            result.problems.append(f"SQLite integrity check: {integrity}")
            return result
        opened = _sqlite_open_copy(file)
    else:
        opened = _pg_scratch(file)
    with opened as alias:
        found = describe(alias)
        _, _, chain_problems = _chain(alias)
    result.problems += chain_problems
    _compare(manifest, found, result)
    return result


def is_empty() -> bool:
    """No agencies, accounts, events or audit entries: nothing a restore would destroy (a
    freshly migrated database has only Django's and the migrations' own rows)."""
    from linewatch.web.accounts.models import Agency, User
    from linewatch.web.audit.models import AuditEvent
    from linewatch.web.events.models import Event

    return not any(model.objects.exists() for model in (AuditEvent, User, Agency, Event))


def restore(file: Path, *, force: bool) -> Verification:
    """Verify the backup, replace the database with it, and check the result."""
    file = file.resolve()
    checked = verify(file)
    if not checked.ok:
        raise BackupError("the backup did not verify: " + "; ".join(checked.problems[:5]))
    if not is_empty() and not force:
        raise BackupError(
            "the database is not empty; restoring would replace everything in it. "
            "Add --force to do so (make a backup of it first)."
        )
    from django.db import connection

    connection.close()
    if checked.manifest["engine"] == "sqlite":
        target = _sqlite_name()
        with sqlite3.connect(file) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    else:
        dbname, env = _pg_env(connection.settings_dict)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *dbname,
                str(file),
            ],
            env,
        )
    result = Verification(checked.manifest)
    found = describe()
    _, _, chain_problems = _chain("default")
    result.problems += chain_problems
    _compare(checked.manifest, found, result)
    return result
