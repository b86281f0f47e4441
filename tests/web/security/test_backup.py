"""``linewatch backup create|verify|restore`` on a real SQLite file and (when a server is
reachable) a scratch PostgreSQL database, as separate processes."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from .filedb import (
    describe,
    migrate,
    needle_csv,
    pg,
    pg_available,
    pg_counts,
    pg_database,
    run,
    sqlite_copy,
    sqlite_counts,
    sqlite_url,
)

pytestmark = [pytest.mark.slow, pytest.mark.own_database]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the agencies, made once for the module."""
    path = tmp_path_factory.mktemp("backup") / "template.db"
    migrate(sqlite_url(path))
    return path


def _import(url: str, feed: Path) -> None:
    run(url, "import", "needle-finds", str(feed), "--agency", "charnwood-bc")


def test_sqlite_backup_verifies_and_restores(template: Path, tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    url = sqlite_copy(template, live)
    _import(url, needle_csv(tmp_path / "a.csv", 300))
    before = sqlite_counts(live)
    assert before["events_event"] == 300
    backup = tmp_path / "backups" / "nightly.db"
    created = run(url, "backup", "create", str(backup))
    assert "Backup written" in created.stdout
    manifest = json.loads((tmp_path / "backups" / "nightly.db.manifest.json").read_text())
    assert manifest["engine"] == "sqlite"
    assert manifest["tables"]["events_event"] == 300
    assert manifest["audit"]["entries"] == before["audit_auditevent"] > 0
    verified = run(url, "backup", "verify", str(backup))
    assert "Backup verified" in verified.stdout, describe(verified)
    # a second backup to the same name is refused, nothing overwritten
    again = run(url, "backup", "create", str(backup), check=False)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    # the live database moves on; restoring over it needs --force
    _import(url, needle_csv(tmp_path / "b.csv", 50, start=1000))
    refused = run(url, "backup", "restore", str(backup), check=False)
    assert refused.returncode == 1
    assert "not empty" in refused.stderr
    assert "--force" in refused.stderr
    assert sqlite_counts(live)["events_event"] == 350
    restored = run(url, "backup", "restore", str(backup), "--force")
    assert "Restored" in restored.stdout, describe(restored)
    assert sqlite_counts(live) == before
    assert "intact" in run(url, "audit", "verify").stdout


def test_sqlite_restore_into_an_empty_database_needs_no_force(
    template: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    url = sqlite_copy(template, source)
    _import(url, needle_csv(tmp_path / "a.csv", 20))
    backup = tmp_path / "copy.db"
    run(url, "backup", "create", str(backup))
    fresh = tmp_path / "fresh.db"
    fresh_url = sqlite_url(fresh)
    shutil.copyfile(template, fresh)
    with sqlite3.connect(fresh) as db:  # a migrated database with no agencies: empty
        db.execute("DELETE FROM accounts_agency")
    restored = run(fresh_url, "backup", "restore", str(backup))
    assert "Restored" in restored.stdout, describe(restored)
    assert sqlite_counts(fresh) == sqlite_counts(source)


def _tampered(backup: Path, target: Path, sql: str, *, fix_checksum: bool) -> Path:
    shutil.copyfile(backup, target)
    manifest_text = Path(str(backup) + ".manifest.json").read_text()
    db = sqlite3.connect(target)
    with db:
        db.execute(sql)
    db.close()
    manifest = json.loads(manifest_text)
    if fix_checksum:  # an attacker who also rewrites the manifest's checksum
        manifest["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    Path(str(target) + ".manifest.json").write_text(json.dumps(manifest))
    return target


def test_verify_finds_a_changed_file_a_missing_row_and_an_altered_audit_entry(
    template: Path, tmp_path: Path
) -> None:
    live = tmp_path / "live.db"
    url = sqlite_copy(template, live)
    _import(url, needle_csv(tmp_path / "a.csv", 30))
    backup = tmp_path / "good.db"
    run(url, "backup", "create", str(backup))
    cases = {
        "changed": (
            "UPDATE events_event SET description = 'x' WHERE id = (SELECT MIN(id) FROM "
            "events_event)",
            False,
            "SHA-256 differs",
        ),
        "row-gone": (
            "DELETE FROM events_event WHERE id = (SELECT MAX(id) FROM events_event)",
            True,
            "table events_event: 29 rows in the copy, 30 in the manifest",
        ),
        "audit-edited": (
            "UPDATE audit_auditevent SET summary = 'nothing to see' WHERE id = "
            "(SELECT MIN(id) FROM audit_auditevent)",
            True,
            "does not match its hash",
        ),
    }
    for name, (sql, fix, expected) in cases.items():
        bad = _tampered(backup, tmp_path / f"{name}.db", sql, fix_checksum=fix)
        done = run(url, "backup", "verify", str(bad), check=False)
        assert done.returncode == 1, (name, describe(done))
        assert expected in done.stderr, (name, describe(done))
        assert "did NOT verify" in done.stderr
        restore = run(url, "backup", "restore", str(bad), "--force", check=False)
        assert restore.returncode == 1, name
    missing = run(url, "backup", "verify", str(tmp_path / "nothing.db"), check=False)
    assert missing.returncode == 1
    assert "does not exist" in missing.stderr
    (tmp_path / "good.db.manifest.json").unlink()
    no_manifest = run(url, "backup", "verify", str(backup), check=False)
    assert "manifest" in no_manifest.stderr


@pytest.mark.postgres
def test_postgresql_backup_verifies_and_restores(tmp_path: Path) -> None:
    if not pg_available():
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432")
    with pg_database("lw_backup") as (name, url):
        _import(url, needle_csv(tmp_path / "a.csv", 200))
        before = pg_counts(name)
        backup = tmp_path / "pg.dump"
        run(url, "backup", "create", str(backup))
        assert backup.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
        verified = run(url, "backup", "verify", str(backup))
        assert "Backup verified" in verified.stdout, describe(verified)
        assert not pg("SELECT datname FROM pg_database WHERE datname LIKE 'linewatch_verify_%'")
        _import(url, needle_csv(tmp_path / "b.csv", 20, start=5000))
        refused = run(url, "backup", "restore", str(backup), check=False)
        assert refused.returncode == 1
        assert "--force" in refused.stderr
        restored = run(url, "backup", "restore", str(backup), "--force")
        assert "Restored" in restored.stdout, describe(restored)
        assert pg_counts(name) == before
        assert "intact" in run(url, "audit", "verify").stdout
