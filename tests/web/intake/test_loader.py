"""import_file: atomic per file, idempotent by checksum and by row key, rejects kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linewatch.feeds import FEEDS
from linewatch.web.events.models import Event
from linewatch.web.intake import loader
from linewatch.web.intake.drafts import MAPPERS
from linewatch.web.intake.event_writer import EVENT_COLUMNS, EVENT_FIELDS, ChunkWriter
from linewatch.web.intake.loader import ImportFailed, import_file
from linewatch.web.intake.models import FeedImport, RejectedRow

HEADER = "agency,ref,found_at,location_description,postcode,easting,northing,count,setting\n"
SAMPLES = Path(__file__).parents[2] / "feeds" / "samples" / "valid"


def needle_finds(tmp_path: Path, name: str, refs: range, bad: int | None = None) -> Path:
    lines = [HEADER]
    for n in refs:
        count = "many" if n == bad else "2"
        lines.append(
            f"blaby-dc,NF-{n},14/01/2020 13:04,playground,LE9 4JJ,457904,298108,{count},park\n"
        )
    path = tmp_path / name
    path.write_text("".join(lines), "utf-8")
    return path


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_file_imported_twice_adds_nothing(agencies: dict[str, Any], tmp_path: Path) -> None:
    path = needle_finds(tmp_path, "finds.csv", range(1, 31))
    first = import_file("needle-finds", path)
    again = import_file("needle-finds", path)
    assert (first.status, first.accepted, first.rejected) == ("imported", 30, 0)
    assert (again.status, again.already_present) == ("already imported", 30)
    assert Event.objects.filter(kind="needle_find").count() == 30


def test_rows_seen_before_are_skipped_by_key(
    agencies: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "CHUNK", 7)  # several chunks, so every chunk checks its keys
    import_file("needle-finds", needle_finds(tmp_path, "week1.csv", range(1, 21)))
    with CaptureQueriesContext(connection) as queries:
        result = import_file("needle-finds", needle_finds(tmp_path, "week2.csv", range(11, 41)))
    assert (result.accepted, result.already_present) == (20, 10)
    assert Event.objects.filter(kind="needle_find").count() == 40
    if connection.vendor == "sqlite":
        # The key check must search the partial unique index, not scan the agency's events.
        lookups = [q["sql"] for q in queries if "source_key" in q["sql"] and " IN (" in q["sql"]]
        assert lookups
        with connection.cursor() as cursor:
            for sql in lookups:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
                assert "event_unique_source_key" in plan, plan


def test_rejected_rows_are_stored_with_their_reasons(
    agencies: dict[str, Any], tmp_path: Path
) -> None:
    result = import_file("needle-finds", needle_finds(tmp_path, "finds.csv", range(1, 6), bad=3))
    assert (result.accepted, result.rejected) == (4, 1)
    [reject] = RejectedRow.objects.all()
    assert reject.row_number == 4
    assert reject.raw["count"] == "many"
    assert any(error["field"] == "count" and error["message"] for error in reject.errors)


def test_a_failure_part_way_leaves_nothing_behind(
    agencies: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "CHUNK", 5)
    real_write = ChunkWriter.write
    calls = []

    def fail_on_third_chunk(self: ChunkWriter, drafts: list[Any]) -> tuple[int, int]:
        calls.append(len(drafts))
        if len(calls) == 3:
            raise ImportFailed("the database went away")
        return real_write(self, drafts)

    monkeypatch.setattr(ChunkWriter, "write", fail_on_third_chunk)
    result = import_file("needle-finds", needle_finds(tmp_path, "finds.csv", range(1, 31)))
    assert result.status == "failed"
    assert result.accepted == 0
    assert Event.objects.count() == 0
    assert list(FeedImport.objects.values_list("status", flat=True)) == ["failed"]


@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_every_mapped_event_value_has_a_column(kind: str, agencies: dict[str, Any]) -> None:
    """The event writer writes only the columns it knows; a mapper must not give others."""
    from linewatch.feeds import ParsedRow, read_feed

    sample = SAMPLES / f"{kind.removeprefix('police-uk-')}.csv"
    if not sample.exists():
        sample = SAMPLES / f"{kind}.csv"
    known = {*EVENT_COLUMNS, *EVENT_FIELDS}
    rows = [
        r
        for r in read_feed(kind, sample, agency="leicestershire-police")
        if isinstance(r, ParsedRow)
    ]
    assert rows, f"no valid sample rows for {kind}"
    for row in rows:
        event = MAPPERS[kind](row).event or {}
        assert set(event) <= known, set(event) - known
