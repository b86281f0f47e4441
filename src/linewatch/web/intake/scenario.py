"""Importing a whole simulator output directory (``DIR/feeds/manifest.json``)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from linewatch.web.intake.loader import ImportResult, import_file

# Person records first, so that events can link to the people agencies already know.
KIND_ORDER = ("persons",)


class ScenarioError(Exception):
    """The directory is not a simulator output."""


@dataclass
class ScenarioSummary:
    results: list[ImportResult] = field(default_factory=list)
    lines: int = 0

    @property
    def files(self) -> int:
        return len(self.results)

    @property
    def accepted(self) -> int:
        return sum(r.accepted for r in self.results)

    @property
    def rejected(self) -> int:
        return sum(r.rejected for r in self.results)

    @property
    def already_present(self) -> int:
        return sum(r.already_present for r in self.results)


def manifest_entries(directory: Path) -> list[dict[str, object]]:
    manifest = directory / "feeds" / "manifest.json"
    if not manifest.is_file():
        raise ScenarioError(
            f"{directory} has no feeds/manifest.json: give the directory written by "
            "`linewatch simulate --out DIR`"
        )
    entries: list[dict[str, object]] = json.loads(manifest.read_text("utf-8"))["files"]
    return sorted(entries, key=lambda e: (e["kind"] not in KIND_ORDER, str(e["path"])))


def load_scenario(
    directory: Path, *, register_lines: bool = False, progress: bool = False
) -> ScenarioSummary:
    """Import every feed of a scenario; optionally enter its known lines into the register."""
    entries = manifest_entries(directory)
    total = sum(int(str(e.get("rows", 0))) for e in entries)
    summary = ScenarioSummary()
    bar = tqdm(
        total=total, unit=" rows", disable=not progress or not sys.stderr.isatty(), file=sys.stderr
    )
    for entry in entries:
        path = directory / "feeds" / str(entry["path"])
        start = int(bar.n)

        def advance(done: int, start: int = start) -> None:
            bar.update(start + done - bar.n)

        result = import_file(
            str(entry["kind"]), path, agency_code=str(entry["agency"]), progress=advance
        )
        summary.results.append(result)
    bar.close()
    # Simulated phone numbers look real: remember these files, so no campaign ever sends to
    # them (web/messaging refuses numbers imported from a recorded scenario).
    from linewatch.web.messaging.campaigns import record_scenario

    record_scenario(directory)
    if register_lines:
        from linewatch.web.lines.scenario_register import register_scenario_lines

        summary.lines = register_scenario_lines(directory)
    return summary
