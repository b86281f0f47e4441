"""``linewatch score`` in real processes on a SQLite file: two at once store one run per
agency and role, and ``--stale-only`` scores only what records have changed since."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.own_database, pytest.mark.slow]

LINEWATCH = Path(sys.executable).with_name("linewatch")


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINEWATCH_", "DATABASE_URL"))
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return subprocess.Popen(
        [str(LINEWATCH), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=cwd,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return out


def runs_per_role(database: Path) -> dict[tuple[int, str], int]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT agency_id, role, COUNT(*) FROM risk_riskrun GROUP BY 1, 2")
        return {(agency, role): count for agency, role, count in rows}


def test_two_scorings_at_once_store_one_run_per_role(tmp_path: Path) -> None:
    finish(start("demo", "--no-serve", "--scale", "0.02", "--weeks", "4", cwd=tmp_path))
    database = tmp_path / "linewatch.db"
    together = [start("score", cwd=tmp_path) for _ in range(2)]
    outputs = [finish(process) for process in together]
    counts = runs_per_role(database)
    assert len(counts) == 9, "one run for each demo agency role with worklists"
    assert set(counts.values()) == {1}, counts
    for output in outputs:
        assert re.search(r"\d+ worklist runs", output), output

    unchanged = finish(start("score", "--stale-only", cwd=tmp_path))
    assert unchanged.startswith("0 worklist runs"), unchanged
    with sqlite3.connect(database) as db:  # records change: every run is stale
        db.execute("UPDATE risk_recordschanged SET changed_at = '2999-01-01 00:00:00'")
    changed = finish(start("score", "--stale-only", cwd=tmp_path))
    assert changed.startswith("9 worklist runs"), changed
    assert set(runs_per_role(database).values()) == {1}
