"""A ``linewatch import`` and a ``linewatch link run`` killed (SIGKILL) part-way, on a
SQLite file: nothing partial is left, and running the command again completes.

"Part-way" is observed, not guessed: the import is killed while it holds the database's write
lock (inside its transaction) and has read a good part of its file; the linkage run once its
run record exists, and at the latest while it holds the write lock to store its results.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from .filedb import (
    LINEWATCH,
    describe,
    environment,
    migrate,
    needle_csv,
    persons_csv,
    run,
    sqlite_copy,
    sqlite_counts,
    sqlite_url,
)

pytestmark = [pytest.mark.slow, pytest.mark.own_database]

LINK_TABLES = (
    "linking_entitymembership",
    "linking_personlink",
    "linking_objectentity",
    "linking_linkdecision",
    "pole_person",
    "audit_auditevent",
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("killed") / "template.db"
    migrate(sqlite_url(path))
    return path


def _writing(database: Path) -> bool:
    """Another connection holds the write lock (is inside a write transaction)."""
    db = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return True
        raise
    finally:
        db.close()


def _read_position(pid: int, file: Path) -> int | None:
    """How far process ``pid`` has read ``file`` (from /proc), if it has it open."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(file):
                info = Path(f"/proc/{pid}/fdinfo/{fd}").read_text()
                return int(info.split("pos:")[1].split()[0])
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return None


def _start(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [LINEWATCH, *args],
        env=environment(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.skipif(not Path("/proc/self/fdinfo").exists(), reason="needs Linux /proc")
def test_an_import_killed_midway_leaves_nothing_and_reruns(template: Path, tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    url = sqlite_copy(template, live)
    run(
        url,
        "import",
        "needle-finds",
        str(needle_csv(tmp_path / "first.csv", 100)),
        "--agency",
        "charnwood-bc",
    )
    before = sqlite_counts(live)
    big = needle_csv(tmp_path / "big.csv", 120_000, start=10_000).resolve()
    size = big.stat().st_size
    process = _start(url, "import", "needle-finds", str(big), "--agency", "charnwood-bc")
    seen = None
    deadline = time.monotonic() + 600
    while process.poll() is None and time.monotonic() < deadline:
        position = _read_position(process.pid, big)
        if position and position > size // 4 and _writing(live):
            seen = position
            break
        time.sleep(0.05)
    if seen is None:
        process.kill()
        _out, err = process.communicate()
        pytest.fail(f"the import was never seen mid-way: rc={process.returncode} {err[-500:]}")
    _kill(process)
    assert seen < size, "killed after reading the whole file"
    assert _writing(live) is False  # the lock died with the process
    with sqlite3.connect(live) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sqlite_counts(live) == before, f"partial state after a kill at byte {seen:,}/{size:,}"
    assert "intact" in run(url, "audit", "verify").stdout
    again = run(url, "import", "needle-finds", str(big), "--agency", "charnwood-bc", "--json")
    assert '"accepted": 120000' in again.stdout, describe(again)
    after = sqlite_counts(live)
    assert after["events_event"] == before["events_event"] + 120_000
    assert after["intake_feedimport"] == before["intake_feedimport"] + 1
    once_more = run(url, "import", "needle-finds", str(big), "--agency", "charnwood-bc")
    assert "imported before: nothing added" in once_more.stdout, describe(once_more)
    assert sqlite_counts(live)["events_event"] == after["events_event"]


def _runs(database: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return list(db.execute("SELECT status, records FROM linking_linkagerun ORDER BY id"))


def test_a_linkage_run_killed_midway_leaves_nothing_and_reruns(
    template: Path, tmp_path: Path
) -> None:
    live = tmp_path / "live.db"
    url = sqlite_copy(template, live)
    run(url, "import", "persons", str(persons_csv(tmp_path / "people.csv", 900)))
    before = sqlite_counts(live, LINK_TABLES)
    assert before["pole_person"] > 500
    assert before["linking_entitymembership"] == 0
    process = _start(url, "link", "run", "--full")
    started_at, caught_writing = None, False
    deadline = time.monotonic() + 900
    while process.poll() is None and time.monotonic() < deadline:
        if started_at is None and [s for s, _ in _runs(live) if s == "running"]:
            started_at = time.monotonic()
        if started_at is not None:
            if _writing(live):
                caught_writing = True
                break
            if time.monotonic() - started_at > 3:
                break
        time.sleep(0.01)
    if process.poll() is not None:
        out, err = process.communicate()
        pytest.fail(f"the linkage run ended before it could be killed: {out[-300:]} {err[-300:]}")
    _kill(process)
    with sqlite3.connect(live) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after_kill = sqlite_counts(live, LINK_TABLES)
    assert after_kill == before, f"partial linkage state (killed while writing: {caught_writing})"
    # the interrupted run is never shown as finished
    assert [status for status, _ in _runs(live)] == ["running"]
    again = run(url, "link", "run", "--full", "--json")
    assert '"records": ' in again.stdout, describe(again)
    finished = [(s, n) for s, n in _runs(live) if s == "finished"]
    assert finished == [(finished[0][0], before["pole_person"])], _runs(live)
    # the rerun found the killed run's process gone and marked it interrupted
    with sqlite3.connect(live) as db:
        killed_status, killed_error = db.execute(
            "SELECT status, error FROM linking_linkagerun ORDER BY id LIMIT 1"
        ).fetchone()
    assert (killed_status, killed_error.split(":")[0]) == ("failed", "Interrupted")
    after = sqlite_counts(live, LINK_TABLES)
    assert after["linking_entitymembership"] == before["pole_person"]  # every person placed
    assert after["audit_auditevent"] > before["audit_auditevent"]
