"""Importing police.uk street rows: our validating import against two floors, in one run.

**The input** is built in a temp directory from the repository's own sample months
(``tests/feeds/samples/real/*-leicestershire-street.csv``, 15,361 data rows): their data rows
are repeated, pass after pass, into files of :data:`ROWS_PER_FILE` rows (the last one
shorter) with the police.uk header, until ``rows`` rows are written. So that idempotency does
not skip the repeats, every row of pass ``p`` gets a unique ``Crime ID`` (the sample's 64-hex
ID with its last 10 digits replaced by ``p`` in hex) and every anti-social behaviour row (blank
``Crime ID``, content-keyed) keeps its blank ID but gets ``Context`` = ``bench copy <p>``, so its
content key differs from the other passes'. Everything else is the published text.

**Ours** is :func:`linewatch.web.intake.loader.import_file` (``police-uk-street``, agency
``leicestershire-police``) once per file, as ``linewatch import`` runs it: every cell read and
validated by :mod:`linewatch.feeds`, rows mapped to events, geography, idempotency keys checked,
one transaction and one audit record per file.

**The executemany / COPY floor** is :func:`bench.load_events.run_floor`: the same files read
with the stdlib :mod:`csv` module and written by one plain ``executemany`` (SQLite) or one
``COPY ... FROM STDIN`` (PostgreSQL) into the same ``events_event`` table of a freshly
migrated database, with no validation (see :mod:`bench.load_events`).

**The DuckDB floor** is ``CREATE TABLE events AS SELECT * FROM read_csv([...])`` over the same
files into a new DuckDB database file: a floor for parsing the CSV at all (DuckDB's reader
is C++ and multi-threaded, and the table is columnar, with no indexes).

Each side runs in its own child process on its own new database, as in
:mod:`bench.load_events`, so its peak RSS is its own. Ours also runs on an input a quarter
the size (its own files), to show that its peak memory does not grow with the input.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.databases import fresh_database, postgres_unavailable
from bench.load_events import REPO, TARGET, SideResult, run_floor
from bench.simulated import Scenario

KIND = "police-uk-street"
AGENCY = "leicestershire-police"
DEFAULT_ROWS = 100_000
ROWS_PER_FILE = 100_000
SAMPLES = REPO / "tests" / "feeds" / "samples" / "real"
SAMPLE_FILES = ("2020-01-leicestershire-street.csv", "2021-02-leicestershire-street.csv")
FLOOR_NAME = {"sqlite": "executemany", "postgresql": "COPY"}


# -- the input ----------------------------------------------------------------------------


def build_input(rows: int, directory: Path) -> Scenario:
    """Write ``rows`` police.uk street rows into ``directory/feeds`` (see the module doc)."""
    header: list[str] = []
    sample: list[list[str]] = []
    for name in SAMPLE_FILES:
        with (SAMPLES / name).open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            sample.extend(reader)
    crime_id, context = header.index("Crime ID"), header.index("Context")
    feeds = directory / "feeds"
    feeds.mkdir(parents=True)
    entries: list[dict[str, object]] = []
    written = 0

    def repeated() -> Iterator[list[str]]:
        p = 0
        while True:
            for row in sample:
                row = row.copy()
                if row[crime_id]:
                    row[crime_id] = f"{row[crime_id][:54]}{p:010x}"
                else:
                    row[context] = f"bench copy {p}"
                yield row
            p += 1

    source = repeated()
    while written < rows:
        count = min(ROWS_PER_FILE, rows - written)
        name = f"bench-{len(entries):03d}-leicestershire-street.csv"
        with (feeds / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for _ in range(count):
                writer.writerow(next(source))
        entries.append({"kind": KIND, "path": name, "agency": AGENCY, "rows": count})
        written += count
    (feeds / "manifest.json").write_text(json.dumps({"files": entries}), "utf-8")
    return Scenario(directory, written, 0)


# -- one side, in its own process ---------------------------------------------------------


def _peak_mb() -> float:
    return (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )


def run_duckdb(scenario: Scenario) -> SideResult:
    import duckdb

    paths = [str(scenario.feeds / str(entry["path"])) for entry in scenario.files()]
    with tempfile.TemporaryDirectory(prefix="linewatch-bench-duckdb-") as directory:
        db = duckdb.connect(f"{directory}/bench.duckdb")
        start = time.perf_counter()
        db.execute("CREATE TABLE events AS SELECT * FROM read_csv(?, header = true)", [paths])
        seconds = time.perf_counter() - start
        row = db.execute("SELECT count(*) FROM events").fetchone()
        db.close()
    return SideResult("duckdb", int(row[0]) if row else 0, seconds, _peak_mb())


def run_side(side: str, scenario: Scenario) -> SideResult:
    """Migrate the (empty) database of ``DATABASE_URL``, then time one side's import."""
    if side == "duckdb":
        return run_duckdb(scenario)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from linewatch.web.demo import load_agencies
    from linewatch.web.intake.loader import import_file

    call_command("migrate", interactive=False, verbosity=0)
    load_agencies()
    start = time.perf_counter()
    rejected = 0
    if side == "floor":
        events = run_floor(scenario)
    else:
        events = 0
        for entry in scenario.files():
            result = import_file(KIND, scenario.feeds / str(entry["path"]), agency_code=AGENCY)
            if result.status != "imported":
                raise SystemExit(f"our import did not import: {result.summary_line()}")
            events += result.accepted
            rejected += result.rejected
    seconds = time.perf_counter() - start
    return SideResult(side, events, seconds, _peak_mb(), rejected)


def measure_side(side: str, backend: str, scenario: Scenario) -> SideResult:
    with fresh_database(backend) as url:
        completed = subprocess.run(
            [sys.executable, "-m", "bench.import_police_uk", side, str(scenario.directory)],
            cwd=REPO,
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"the {side} side failed on {backend}:\n{completed.stderr[-3000:]}")
    return SideResult(**json.loads(completed.stdout.strip().splitlines()[-1]))


def _side_line(name: str, result: SideResult) -> str:
    return (
        f"    {name}: {result.events:,} rows in {result.seconds:.1f} s, "
        f"{result.rate:,.0f} rows/s, peak RSS {result.peak_rss_mb:,.0f} MB"
    )


def run(rows: int, backends: list[str]) -> list[str]:
    """All sides on each backend; one summary line per backend (printed and returned)."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="linewatch-bench-police-uk-") as directory:
        full = build_input(rows, Path(directory) / "full")
        quarter = build_input(max(rows // 4, 1), Path(directory) / "quarter")
        print(
            f"police-uk: {full.events:,} rows in {len(full.files())} files "
            f"(quarter size: {quarter.events:,} rows in {len(quarter.files())} files)",
            flush=True,
        )
        full.warm()
        quarter.warm()
        duck = measure_side("duckdb", "sqlite", full)
        for backend in backends:
            if backend == "postgresql" and (reason := postgres_unavailable()):
                lines.append(f"police-uk {backend}: skipped – {reason}")
                print(lines[-1], flush=True)
                continue
            floor_name = FLOOR_NAME[backend]
            floor = measure_side("floor", backend, full)
            ours = measure_side("ours", backend, full)
            ours_quarter = measure_side("ours", backend, quarter)
            lines.append(
                f"police-uk {backend}: ours {ours.rate:,.0f} rows/s, {floor_name} "
                f"{floor.rate:,.0f} rows/s, duckdb read_csv {duck.rate:,.0f} rows/s; "
                f"ours/{floor_name} {ours.rate / floor.rate:.2f} (target >= {TARGET}), "
                f"ours/duckdb {ours.rate / duck.rate:.3f}"
            )
            print(lines[-1], flush=True)
            print(
                _side_line("ours", ours)
                + f" ({ours.rejected:,} rows rejected)\n"
                + _side_line("ours at 1/4 size", ours_quarter)
                + f"\n    ours peak RSS: {ours_quarter.peak_rss_mb:,.0f} MB at "
                f"{ours_quarter.events:,} rows, {ours.peak_rss_mb:,.0f} MB at "
                f"{ours.events:,} rows\n"
                + _side_line(floor_name, floor)
                + "\n"
                + _side_line("duckdb read_csv", duck),
                flush=True,
            )
    return lines


def main(argv: list[str]) -> None:
    side, directory = argv
    result = run_side(side, Scenario(Path(directory), 0, 0))
    print(json.dumps(result.__dict__))


if __name__ == "__main__":
    main(sys.argv[1:])
