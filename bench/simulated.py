"""The simulated scenario a benchmark loads: generated once, then cached by its arguments."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from linewatch.simulate import SIMULATOR_VERSION, simulate

# ``linewatch simulate`` writes about this many event rows per unit of scale per week.
EVENTS_PER_SCALE_WEEK = 2150
WEEKS = 52
SEED = 1


@dataclass(frozen=True)
class Scenario:
    directory: Path
    events: int  # rows in every feed except the persons snapshots
    person_records: int

    @property
    def feeds(self) -> Path:
        return self.directory / "feeds"

    def files(self) -> list[dict[str, object]]:
        manifest = json.loads((self.feeds / "manifest.json").read_text("utf-8"))
        files: list[dict[str, object]] = manifest["files"]
        return files

    def warm(self) -> None:
        """Read every feed file once, so neither side pays for a cold page cache."""
        for entry in self.files():
            with (self.feeds / str(entry["path"])).open("rb") as handle:
                while handle.read(1 << 22):
                    pass


def cache_root() -> Path:
    return Path(
        os.environ.get("LINEWATCH_BENCH_CACHE", Path(tempfile.gettempdir()) / "linewatch-bench")
    )


def scenario_for(events: int, *, seed: int = SEED) -> Scenario:
    """A year-long scenario sized to give about ``events`` event rows (cached)."""
    scale = round(events / (EVENTS_PER_SCALE_WEEK * WEEKS), 2)
    directory = cache_root() / f"sim-{SIMULATOR_VERSION}-seed{seed}-w{WEEKS}-s{scale}"
    # simulate() writes into a temporary sibling and renames it, so a manifest means complete.
    if not (directory / "feeds" / "manifest.json").is_file():
        simulate(seed=seed, weeks=WEEKS, scale=scale, out=directory)
    scenario = Scenario(directory, 0, 0)
    rows = {"events": 0, "persons": 0}
    for entry in scenario.files():
        rows["persons" if entry["kind"] == "persons" else "events"] += int(str(entry["rows"]))
    return Scenario(directory, rows["events"], rows["persons"])
