"""Streaming CSV writers for the feeds, following the column lists in ``feeds/formats``."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

import yaml

import linewatch

POLICE = "leicestershire-police"
STREET_KIND = "police-uk-street"
#: Kinds whose rows have no ``ref`` column; truth refers to their rows by a stand-in.
REFLESS = {"police-uk-street": "Crime ID", "police-uk-stop-search": ""}
_REF_CODES = {
    "asb": "ASB",
    "intelligence": "INT",
    "needle-finds": "NF",
    "drug-seizures": "EX",
    "arrests": "CUS",
    "missing-episodes": "MIS",
    "treatment-referrals": "REF",
    "community-reports": "CR",
}


@cache
def columns(kind: str) -> tuple[str, ...]:
    """The column names of a feed kind, read from its YAML spec (person columns last)."""
    # Read the YAML files directly: importing ``linewatch.feeds`` would load its readers.
    formats = Path(linewatch.__file__).resolve().parent / "feeds" / "formats"
    spec: dict[str, Any] = yaml.safe_load((formats / f"{kind}.yaml").read_text(encoding="utf-8"))
    names = [str(c["name"]) for c in spec["columns"]]
    if spec.get("person_columns"):
        person = yaml.safe_load((formats / "_person.yaml").read_text(encoding="utf-8"))
        names += [str(c["name"]) for c in person["columns"]]
    return tuple(names)


@dataclass(order=True, slots=True)
class Event:
    """One feed row waiting to be written: sorted by time, then creation order."""

    when: datetime
    seq: int
    agency: str = field(compare=False)
    kind: str = field(compare=False)
    row: dict[str, str] = field(compare=False)
    line_id: str = field(default="", compare=False)


class _File:
    def __init__(self, path: Path, kind: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[str] = path.open("w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.cols = columns(kind)
        self.writer.writerow(self.cols)
        self.rows = 0

    def write(self, row: dict[str, str]) -> None:
        self.writer.writerow([row.get(c, "") for c in self.cols])
        self.rows += 1


class FeedWriters:
    """Open feed files under ``root/feeds`` plus the ``truth/event_lines.csv`` writer."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.feeds = root / "feeds"
        self._files: dict[tuple[str, str, str], _File] = {}
        self.counts: dict[str, tuple[str, str, int]] = {}
        self._refs: dict[tuple[str, str], int] = {}
        (root / "truth").mkdir(parents=True, exist_ok=True)
        self._truth_handle = (root / "truth" / "event_lines.csv").open(
            "w", newline="", encoding="utf-8"
        )
        self._truth = csv.writer(self._truth_handle, lineterminator="\n")
        self._truth.writerow(["feed_file", "ref", "line_id"])
        self.events = 0

    def _file(self, agency: str, kind: str, month: str) -> _File:
        key = (agency, kind, month)
        found = self._files.get(key)
        if found is None:
            if kind == STREET_KIND:
                rel = f"{agency}/{STREET_KIND}/{month}-leicestershire-street.csv"
            else:
                rel = f"{agency}/{kind}.csv"
            found = _File(self.feeds / rel, kind)
            self._files[key] = found
        return found

    def next_ref(self, agency: str, kind: str, when: datetime) -> str:
        """The next reference for an agency's feed, in its own style."""
        number = self._refs.get((agency, kind), 0) + 1
        self._refs[(agency, kind)] = number
        prefix = agency.split("-")[0][:4].upper()
        return f"{prefix}/{_REF_CODES.get(kind, 'X')}/{when.year}/{number:06d}"

    def write_all(self, events: list[Event]) -> None:
        """Write a batch (one week) in time order; refs are given here."""
        events.sort()
        for event in events:
            month = event.when.strftime("%Y-%m") if event.kind == STREET_KIND else ""
            file = self._file(event.agency, event.kind, month)
            row = event.row
            if "ref" in file.cols and not row.get("ref"):
                row["ref"] = self.next_ref(event.agency, event.kind, event.when)
            file.write(row)
            self.events += 1
            if event.line_id:
                if event.kind in REFLESS:
                    ref = row.get(REFLESS[event.kind]) or f"row:{file.rows}"
                else:
                    ref = row.get("ref") or row.get("handset_ref", "")
                self._truth.writerow([self.relative(file), ref, event.line_id])

    def write_rows(self, agency: str, kind: str, rows: list[dict[str, str]]) -> None:
        """Write non-event rows (``persons``) as given."""
        file = self._file(agency, kind, "")
        for row in rows:
            file.write(row)

    def relative(self, file: _File) -> str:
        """A file's path relative to the output directory."""
        return Path(file.handle.name).relative_to(self.root).as_posix()

    def close(self) -> list[dict[str, Any]]:
        """Close every file; return the manifest entries, sorted by path."""
        self._truth_handle.close()
        entries = []
        for (agency, kind, _month), file in self._files.items():
            file.handle.close()
            entries.append(
                {
                    "path": Path(file.handle.name).relative_to(self.feeds).as_posix(),
                    "kind": kind,
                    "agency": agency,
                    "rows": file.rows,
                }
            )
        return sorted(entries, key=lambda e: str(e["path"]))
