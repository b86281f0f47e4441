"""Real ``linewatch`` processes on a real database file (or a scratch PostgreSQL database), for
the backup and killed-process tests: no test transaction, no in-memory database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
LINEWATCH = str(BIN / "linewatch")
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
SETUP = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'linewatch.web.settings'); django.setup(); "
    "from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); "
    "from linewatch.web.demo import load_agencies; load_agencies()"
)
#: Tables whose rows the tests count before and after.
COUNTED = (
    "events_event",
    "intake_feedimport",
    "intake_rejectedrow",
    "pole_person",
    "audit_auditevent",
)


def environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = database_url
    env.pop("LINEWATCH_ENV", None)
    return env


def run(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [LINEWATCH, *args],
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"linewatch {' '.join(args)}: {done.returncode}\n{done.stderr}")
    return done


def migrate(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "-c", SETUP],
        env=environment(database_url),
        check=True,
        timeout=900,
        capture_output=True,
    )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_copy(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return sqlite_url(target)


def sqlite_counts(path: Path, tables: tuple[str, ...] = COUNTED) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def pg_available() -> bool:
    if shutil.which("psql") is None:
        return False
    done = subprocess.run(
        ["psql", f"{PG_SERVER}/postgres", "-Atc", "select 1"],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    return done.returncode == 0


def pg(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        ["psql", f"{PG_SERVER}/{database}", "-v", "ON_ERROR_STOP=1", "-Atc", sql],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def pg_counts(database: str, tables: tuple[str, ...] = COUNTED) -> dict[str, int]:
    return {t: int(pg(f"SELECT COUNT(*) FROM {t}", database)) for t in tables}


@contextmanager
def pg_database(prefix: str = "lw_test") -> Iterator[tuple[str, str]]:
    """A scratch, migrated PostgreSQL database: (name, DATABASE_URL); dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    pg(f'CREATE DATABASE "{name}"')
    try:
        url = f"{PG_SERVER}/{name}"
        migrate(url)
        yield name, url
    finally:
        pg(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        pg(f'DROP DATABASE IF EXISTS "{name}"')


def needle_csv(path: Path, rows: int, start: int = 0) -> Path:
    """A needle-finds feed with ``rows`` valid rows."""
    lines = ["ref,found_at,count,setting"]
    lines += [f"NF-{n:07d},2021-03-07 10:15,{n % 5 + 1},park" for n in range(start, start + rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def persons_csv(path: Path, rows: int) -> Path:
    """A persons feed with ``rows`` people, some of them the same person written twice."""
    first = ["Kai", "Ava", "Jay", "Mia", "Leo", "Zoe", "Sam", "Ella", "Max", "Ruby"]
    last = ["Testperson", "Sample", "Example", "Placeholder", "Fictional", "Madeup"]
    lines = ["agency,person_ref,first_name,surname,dob,gender,postcode,recorded_at"]
    for n in range(rows):
        person = n // 2 if n % 3 == 0 else n  # every third row repeats an earlier person
        name = f"{first[person % 10]},{last[person % 6]}{person // 60}"
        dob = f"{1990 + person % 25}-{person % 12 + 1:02d}-{person % 28 + 1:02d}"
        lines.append(
            f"leicestershire-county-council,SC-{n:06d},{name},{dob},male,LE11 3TU,2021-01-05"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def describe(done: Any) -> str:
    return f"rc={done.returncode}\nstdout={done.stdout[-2000:]}\nstderr={done.stderr[-2000:]}"
