"""Running a scenario into a directory, atomically."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from linewatch.simulate.background import BackgroundWeek, initial_records
from linewatch.simulate.config import DEFAULT_START, SIMULATOR_VERSION, ScenarioConfig, SimulationError
from linewatch.simulate.emit import Batch
from linewatch.simulate.line_events import LineWeek
from linewatch.simulate.lines import LineBuilder, line_count
from linewatch.simulate.people import Population
from linewatch.simulate.records import Registry, format_date
from linewatch.simulate.rand import stream
from linewatch.simulate.truth import write_truth
from linewatch.simulate.writers import FeedWriters

MARKER = "SCENARIO.json"


@dataclass(frozen=True)
class SimulationSummary:
    """What a run wrote: rows per feed file (relative to ``feeds/``) and per truth file."""

    config: ScenarioConfig
    feeds: dict[str, int] = field(default_factory=dict)
    truth: dict[str, int] = field(default_factory=dict)

    @property
    def events(self) -> int:
        """Rows in every feed except the ``persons`` snapshots."""
        return sum(n for path, n in self.feeds.items() if not path.endswith("/persons.csv"))

    @property
    def rows(self) -> int:
        """Rows in every feed file."""
        return sum(self.feeds.values())


def simulate(
    seed: int, weeks: int, scale: float, out: Path, start: date = DEFAULT_START
) -> SimulationSummary:
    """Write a scenario to ``out`` (created, or replaced if it holds an earlier scenario)."""
    config = ScenarioConfig(seed, weeks, scale, start)
    return run(config, Path(out))


def check_target(out: Path) -> None:
    """Refuse a target that exists, is not empty, and is not an earlier simulator output."""
    if out.exists() and not out.is_dir():
        raise SimulationError(f"out must be a directory, but {out} is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SimulationError(
            f"out directory {out} is not empty and holds no {MARKER}; "
            "refusing to overwrite it (choose an empty or new directory)"
        )


def run(config: ScenarioConfig, out: Path) -> SimulationSummary:
    """Generate into a temporary sibling directory, then swap it into place."""
    out = out.absolute()
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))
    try:
        summary = generate(config, tmp)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f"{out.name}.old-", dir=out.parent))
            old.rmdir()
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def generate(config: ScenarioConfig, root: Path) -> SimulationSummary:
    """Build the world, stream every week's rows, then write snapshots and truth."""
    seed = config.seed
    pop = Population(stream(seed, "population"), config.start)
    pop.fill_background(config.scale)
    lines = LineBuilder(stream(seed, "lines"), pop, config.start, config.end).build(
        line_count(config.scale, config.weeks)
    )
    registry = Registry(seed)
    batch = Batch(registry, config.start, config.weeks)
    initial_records(batch, pop, config.start, stream(seed, "records0"))
    writers = FeedWriters(root)
    try:
        for week in range(config.weeks):
            week_start = config.start + timedelta(weeks=week)
            for line in lines:
                LineWeek(batch, line, week_start, stream(seed, "line", line.line_id, week)).run()
            BackgroundWeek(batch, pop, config.scale, week_start, stream(seed, "bg", week)).run()
            writers.write_all(batch.take(week))
        _write_persons(writers, registry, config.end)
    finally:
        manifest = writers.close()
    truth = write_truth(root / "truth", pop.people, lines, registry, batch.confirmed)
    truth["event_lines.csv"] = _count_rows(root / "truth" / "event_lines.csv")
    (root / "truth" / "README.md").write_text(TRUTH_README, encoding="utf-8")
    (root / "feeds" / "manifest.json").write_text(
        json.dumps({"files": manifest}, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (root / MARKER).write_text(
        json.dumps(
            {"simulator": "linewatch.simulate", "version": SIMULATOR_VERSION,
             "arguments": config.as_json()},
            indent=2, sort_keys=True,
        ) + "\n",
        encoding="utf-8",
    )
    return SimulationSummary(
        config, {str(e["path"]): int(e["rows"]) for e in manifest}, dict(sorted(truth.items()))
    )


def _write_persons(writers: FeedWriters, registry: Registry, end: date) -> None:
    from linewatch.simulate.records import STYLES

    by_agency: dict[str, list[dict[str, str]]] = {}
    for view in registry.all_views():
        row = dict(view.columns)
        row["agency"] = view.agency
        row["address"] = view.address
        row["postcode"] = view.postcode
        row["flags"] = view.flag_text()
        recorded = min(view.recorded or end, end - timedelta(days=1))
        row["recorded_at"] = format_date(recorded, STYLES[view.agency].dates)
        by_agency.setdefault(view.agency, []).append(row)
    for agency in sorted(by_agency):
        writers.write_rows(agency, "persons", by_agency[agency])


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


TRUTH_README = """\
# Ground truth

What really happened in this synthetic scenario. Feeds never contain these ids; they link
to them only through `person_records.csv` (person_ref) and `event_lines.csv` (event refs).
Dates are ISO `YYYY-MM-DD`; a blank end date means "still so at the end of the window".

| file | one row per | columns |
|---|---|---|
| `persons.csv` | true person | person_id, true first_name/surname, gender, dob, home_postcode (blank if out of area), home_force, roles (`;`), flags (`;`) |
| `person_records.csv` | person_ref in any feed | agency, person_ref, person_id (duplicate records inside one agency map to the same person) |
| `lines.csv` | county line | line_id, brand, exporting_force/city, importing_towns and importing_la_codes (`;`), start, disrupted_at, closed_at, closure_type (1 = holder charged, 2 = number deactivated), re_emerged_from (line_id) |
| `line_numbers.csv` | deal-line number period | line_id, number (E.164), valid_from, valid_to (exclusive; periods never overlap within a line) |
| `line_members.csv` | person's role in a line | line_id, person_id, role (controller, holder, runner, user, cuckooed_resident), from, to |
| `line_vehicles.csv` | vehicle used by a line | line_id, vrm |
| `cuckooed_addresses.csv` | taken-over home | address_id, address, postcode, la_code, line_id, resident_person_id, cuckooed_from, cuckooed_to, confirmed_at (warrant or closure notice; blank = never confirmed) |
| `victims.csv` | exploited person | person_id, kind (child = runner under 18 when recruited, adult = cuckooed resident), first_exploited_at, confirmed_at (first arrest, warrant or found-missing record; blank = never) |
| `enablers.csv` | controller or line holder | person_id, line_id, role, harm_level |
| `event_lines.csv` | feed row caused by a line | feed_file (relative to the scenario dir), ref (the row's ref, handset_ref, police.uk Crime ID, or `row:N` = N-th data row for files without a reference), line_id |
"""
