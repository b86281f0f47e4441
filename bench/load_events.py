"""Loading simulated events: our loader against a plain bulk insert of the same rows.

**Ours** is :func:`linewatch.web.intake.scenario.load_scenario` over a simulator output
directory, end to end: every feed file read and validated by :mod:`linewatch.feeds`, person
records imported first, every event row mapped to a draft, places, people, phones and
vehicles found or created with their geography, events and their links written, rejected
rows stored with their reasons, one transaction per file, idempotency keys checked.

**The floor** reads the same event feed files (not the person snapshots) with the stdlib
:mod:`csv` module and writes every row in one plain ``executemany`` (SQLite, through the
:mod:`sqlite3` driver) or one ``COPY ... FROM STDIN`` (PostgreSQL, through psycopg), in one
transaction, into the same ``events_event`` table of a freshly migrated database with the
same indexes and the same connection settings. Each CSV row is mapped straight to the event
columns by position, with no validation, no parsing (the text goes to the database as it is;
empty cells become NULL or ''), no geography, no places, people or links and no idempotency
check; provenance columns are constants per file. The only changes to cell text are the two a
database needs to accept it at all: police.uk months get a day (``2020-01`` → ``2020-01-01``)
and PostgreSQL reads day-first dates (``SET DateStyle = 'ISO, DMY'``). It is the fastest way
to put these rows in that table from Python, so ``ours / floor`` says how much of the
database's speed our validation and linking leave.

Each side runs in its own child process on its own new database (a SQLite file in a temp
directory; a PostgreSQL scratch database created and dropped), so its peak RSS is its own.
Migrations and agency set-up are outside the timing; everything from opening the first feed
file to the last commit is inside it.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.databases import fresh_database, postgres_unavailable
from bench.simulated import Scenario

TARGET = 0.5
REPO = Path(__file__).resolve().parents[1]

# Event columns the floor fills from each feed kind: event column -> CSV header.
FLOOR_MAPS: dict[str, tuple[str, dict[str, str]]] = {
    "police-uk-street": (
        "street_crime",
        {
            "ref": "Crime ID",
            "occurred_at": "Month",
            "category": "Crime type",
            "outcome": "Last outcome category",
            "location_text": "Location",
            "latitude": "Latitude",
            "longitude": "Longitude",
            "lsoa_code": "LSOA code",
            "description": "Context",
        },
    ),
    "police-uk-stop-search": (
        "stop_search",
        {
            "occurred_at": "Date",
            "category": "Object of search",
            "outcome": "Outcome",
            "latitude": "Latitude",
            "longitude": "Longitude",
        },
    ),
    "asb": (
        "asb",
        {
            "ref": "ref",
            "occurred_at": "reported_at",
            "category": "category",
            "description": "description",
            "easting": "easting",
            "northing": "northing",
        },
    ),
    "needle-finds": (
        "needle_find",
        {
            "ref": "ref",
            "occurred_at": "found_at",
            "count": "count",
            "category": "setting",
            "location_text": "location_description",
            "easting": "easting",
            "northing": "northing",
        },
    ),
    "missing-episodes": (
        "missing_episode",
        {
            "ref": "ref",
            "occurred_at": "reported_missing_at",
            "ended_at": "found_at",
            "home_force": "home_force",
            "location_text": "found_location",
            "category": "risk_level",
        },
    ),
    "drug-seizures": (
        "drug_seizure",
        {
            "ref": "ref",
            "occurred_at": "seized_at",
            "drug_type": "drug_type",
            "category": "drug_type",
            "quantity": "quantity",
            "unit": "unit",
            "easting": "easting",
            "northing": "northing",
        },
    ),
    "treatment-referrals": (
        "treatment_referral",
        {
            "ref": "ref",
            "occurred_at": "referred_at",
            "category": "referral_source",
            "drug_type": "substance",
            "outcome": "outcome",
            "count": "missed_appointments",
        },
    ),
    "handset-contacts": (
        "handset_contact",
        {
            "ref": "handset_ref",
            "occurred_at": "seized_at",
            "ended_at": "last_contact_at",
            "count": "message_count",
            "description": "contact_name",
        },
    ),
    "intelligence": (
        "intelligence",
        {"ref": "ref", "occurred_at": "submitted_at", "description": "text"},
    ),
    "arrests": (
        "arrest",
        {"ref": "ref", "occurred_at": "arrested_at", "category": "offence", "outcome": "outcome"},
    ),
    "community-reports": (
        "community_report",
        {"ref": "ref", "occurred_at": "reported_at", "category": "concern", "description": "text"},
    ),
}
NULLABLE = frozenset(
    {"occurred_at", "ended_at", "easting", "northing", "latitude", "longitude", "quantity", "count"}
)
# Every column of events_event but the id, which the database assigns.
COLUMNS = (
    "owning_agency_id",
    "handling_code",
    "sensitivity",
    "area_code",
    "source_feed",
    "source_file",
    "source_checksum",
    "source_row",
    "source_key",
    "api_client",
    "feed_import_id",
    "received_at",
    "created_at",
    "modified_at",
    "created_by_id",
    "modified_by_id",
    "kind",
    "ref",
    "occurred_at",
    "time_precision",
    "location_id",
    "location_text",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "lsoa_code",
    "category",
    "outcome",
    "drug_type",
    "quantity",
    "unit",
    "count",
    "home_force",
    "ended_at",
    "description",
    "details",
)
POSITION = {name: i for i, name in enumerate(COLUMNS)}
SOURCE_ROW, SOURCE_KEY = POSITION["source_row"], POSITION["source_key"]
# What a row gets in the columns its feed does not fill (the model's defaults).
BLANK = {
    **dict.fromkeys(
        ("area_code", "source_checksum", "api_client", "ref", "location_text", "lsoa_code"), ""
    ),
    **dict.fromkeys(("category", "outcome", "drug_type", "unit", "home_force", "description"), ""),
    "handling_code": "P",
    "sensitivity": "standard",
    "details": "{}",
}


@dataclass
class SideResult:
    side: str
    events: int
    seconds: float
    peak_rss_mb: float
    rejected: int = 0
    person_records: int = 0

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


# -- the floor ---------------------------------------------------------------------------


def floor_rows(scenario: Scenario, agencies: dict[str, int], now: Any) -> Any:
    """Every event row of the scenario as a tuple in :data:`COLUMNS` order."""
    for entry in scenario.files():
        kind = str(entry["kind"])
        if kind == "persons":
            continue
        path = scenario.feeds / str(entry["path"])
        event_kind, mapping = FLOOR_MAPS[kind]
        constants = {
            **BLANK,
            "owning_agency_id": agencies[str(entry["agency"])],
            "source_feed": kind,
            "source_file": path.name,
            "received_at": now,
            "created_at": now,
            "modified_at": now,
            "kind": event_kind,
            "time_precision": "month" if kind == "police-uk-street" else "exact",
        }
        template = [constants.get(column) for column in COLUMNS]
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            cells = [
                (POSITION[column], header.index(source), column in NULLABLE)
                for column, source in mapping.items()
            ]
            month = POSITION["occurred_at"] if kind == "police-uk-street" else -1
            key_prefix = f"{path.stem}:"
            for row_number, row in enumerate(reader, start=2):
                values = template.copy()
                for position, index, nullable in cells:
                    values[position] = row[index] or (None if nullable else "")
                if month >= 0 and values[month]:
                    values[month] += "-01"
                values[SOURCE_ROW] = row_number
                values[SOURCE_KEY] = key_prefix + str(row_number)
                yield values


def run_floor(scenario: Scenario) -> int:
    from django.db import connection

    from linewatch.web.accounts.models import Agency

    agencies = dict(Agency.objects.values_list("code", "id"))
    settings = connection.settings_dict
    connection.close()
    column_sql = ", ".join(f'"{c}"' for c in COLUMNS)
    written = 0
    if connection.vendor == "sqlite":
        import sqlite3

        from linewatch.web.intake.loader import SQLITE_IMPORT_PRAGMAS

        db = sqlite3.connect(settings["NAME"], isolation_level=None)
        # The same connection settings as the loader's (see settings.DATABASES and loader.py).
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", *SQLITE_IMPORT_PRAGMAS):
            db.execute(f"PRAGMA {pragma}")
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        marks = ", ".join("?" * len(COLUMNS))
        db.execute("BEGIN IMMEDIATE")
        cursor = db.executemany(
            f"INSERT INTO events_event ({column_sql}) VALUES ({marks})",
            floor_rows(scenario, agencies, now),
        )
        written = cursor.rowcount
        db.execute("COMMIT")
        db.close()
        return written
    import psycopg

    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
        password=settings["PASSWORD"] or None,
    ) as db:
        db.execute("SET DateStyle = 'ISO, DMY'")
        with (
            db.cursor() as cursor,
            cursor.copy(f"COPY events_event ({column_sql}) FROM STDIN") as copy,
        ):
            for values in floor_rows(scenario, agencies, datetime.now(UTC)):
                copy.write_row(values)
                written += 1
    return written


# -- one side, in its own process ---------------------------------------------------------


def run_side(side: str, scenario: Scenario) -> SideResult:
    """Migrate the (empty) database of ``DATABASE_URL``, then time one side's load."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from linewatch.web.demo import load_agencies
    from linewatch.web.intake.scenario import load_scenario

    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    start = time.perf_counter()
    if side == "floor":
        events, rejected, persons = run_floor(scenario), 0, 0
    else:
        summary = load_scenario(scenario.directory)
        failed = [r.summary_line() for r in summary.results if r.status == "failed"]
        if failed:
            raise SystemExit("our loader failed:\n" + "\n".join(failed))
        events = sum(r.accepted for r in summary.results if r.kind != "persons")
        persons = sum(r.accepted for r in summary.results if r.kind == "persons")
        rejected = summary.rejected
    seconds = time.perf_counter() - start
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return SideResult(side, events, seconds, peak_kb / 1024, rejected, persons)


def measure_side(side: str, backend: str, scenario: Scenario) -> SideResult:
    with fresh_database(backend) as url:
        completed = subprocess.run(
            [sys.executable, "-m", "bench.load_events", side, str(scenario.directory)],
            cwd=REPO,
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"the {side} side failed on {backend}:\n{completed.stderr[-3000:]}")
    return SideResult(**json.loads(completed.stdout.strip().splitlines()[-1]))


def run(scenario: Scenario, backends: list[str]) -> list[str]:
    """Both sides on each backend; one printed line per backend (and returned)."""
    lines = []
    scenario.warm()
    for backend in backends:
        if backend == "postgresql" and (reason := postgres_unavailable()):
            lines.append(f"load {backend}: skipped – {reason}")
            print(lines[-1], flush=True)
            continue
        floor = measure_side("floor", backend, scenario)
        ours = measure_side("ours", backend, scenario)
        ratio = ours.rate / floor.rate
        lines.append(
            f"load {backend}: ours {ours.rate:,.0f} ev/s, floor {floor.rate:,.0f} ev/s, "
            f"ratio {ratio:.2f} (target >= {TARGET})"
        )
        print(lines[-1], flush=True)
        print(
            f"    ours: {ours.events:,} events (+{ours.person_records:,} person records, "
            f"{ours.rejected:,} rows rejected) in {ours.seconds:.1f} s, "
            f"peak RSS {ours.peak_rss_mb:,.0f} MB\n"
            f"    floor: {floor.events:,} events in {floor.seconds:.1f} s, "
            f"peak RSS {floor.peak_rss_mb:,.0f} MB",
            flush=True,
        )
    return lines


def main(argv: list[str]) -> None:
    side, directory = argv
    counts = Scenario(Path(directory), 0, 0)
    result = run_side(side, counts)
    print(json.dumps(result.__dict__))


if __name__ == "__main__":
    main(sys.argv[1:])
