"""Running a scenario into a directory, atomically."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from linewatch.simulate.background import BackgroundWeek, initial_records
from linewatch.simulate.busy import BusyWeek, build_places
from linewatch.simulate.config import (
    DEFAULT_START,
    SIMULATOR_VERSION,
    ScenarioConfig,
    SimulationError,
)
from linewatch.simulate.emit import Batch
from linewatch.simulate.line_events import LineWeek
from linewatch.simulate.lines import LineBuilder, line_count
from linewatch.simulate.people import Population
from linewatch.simulate.rand import stream
from linewatch.simulate.records import Registry, format_date
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
    busy = build_places(pop, config.scale, config.start, config.end, stream(seed, "busy"))
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
            BusyWeek(batch, busy, config.start, week_start, stream(seed, "busy", week)).run()
            writers.write_all(batch.take(week))
        _write_persons(writers, registry, config.end)
    finally:
        manifest = writers.close()
    truth = write_truth(root / "truth", pop.people, lines, registry, batch.confirmed, busy)
    truth["event_lines.csv"] = _count_rows(root / "truth" / "event_lines.csv")
    readme = resources.files("linewatch.simulate") / "data" / "truth_README.md"
    (root / "truth" / "README.md").write_text(readme.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "feeds" / "manifest.json").write_text(
        json.dumps({"files": manifest}, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (root / MARKER).write_text(
        json.dumps(
            {
                "simulator": "linewatch.simulate",
                "version": SIMULATOR_VERSION,
                "arguments": config.as_json(),
            },
            indent=2,
            sort_keys=True,
        )
        + "\n",
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
