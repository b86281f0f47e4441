"""Plans that stay right while a load grows a table inside its one transaction.

On PostgreSQL a table filled inside the import's transaction keeps the statistics of its empty
self unless the loader analyses it; the planner then turns the source-key lookup's ``IN (...)``
into a filter over every event of the agency's feed, and each chunk costs time proportional to
everything loaded before it (the slowdown of a 1M-event load). These tests check that the
writer re-analyses a grown table and that the lookup then probes the unique index by key.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.db import connections, transaction

from linewatch.web.accounts.models import Agency
from linewatch.web.events.models import Event
from linewatch.web.intake.bulk_writer import BulkWriter
from linewatch.web.intake.event_writer import LOOKED_UP, event_key_lookup

pytestmark = pytest.mark.own_database

WHEN = datetime(2024, 3, 31, 12, 0, tzinfo=UTC)
ROWS = 20_000
FEED = "police-uk-street"


@pytest.fixture
def db_alias(scratch_db: str) -> Iterator[str]:
    with transaction.atomic(using=scratch_db):
        yield scratch_db
        transaction.set_rollback(True, using=scratch_db)


def _fill(alias: str) -> tuple[BulkWriter, Agency, list[str]]:
    agency = Agency.objects.using(alias).create(code="stats-force", name="Stats", kind="police")
    writer = BulkWriter(Event, using=alias)
    keys = [f"key-{i:06d}" for i in range(ROWS)]
    writer.write_rows(
        ("id", "source_key", "kind"),
        [(i, k, "street_crime") for i, k in zip(writer.allocate_ids(ROWS), keys, strict=True)],
        {
            "owning_agency_id": agency.id,
            "source_feed": FEED,
            "received_at": WHEN,
            "created_at": WHEN,
            "modified_at": WHEN,
        },
    )
    return writer, agency, keys


def test_key_lookup_probes_the_index_once_the_table_has_grown(db_alias: str) -> None:
    if connections[db_alias].vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite plans without statistics and is not affected")
    writer, agency, keys = _fill(db_alias)
    columns = LOOKED_UP[Event]
    assert writer.refresh_statistics(columns), "a table grown from empty to 20,000 rows is analysed"
    assert not writer.refresh_statistics(columns), "and not again until it has doubled"
    wanted = keys[::200]  # 100 keys of 20,000: a chunk's share of a large table
    lookup = event_key_lookup(agency.id, FEED, wanted).using(db_alias)
    plan = lookup.explain()
    index_conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert any("source_key" in line for line in index_conditions), plan[:600]
    assert "Rows Removed by Filter" not in lookup.explain(analyze=True)
    assert sorted(lookup) == sorted(wanted)


def test_statistics_are_left_alone_on_sqlite(db_alias: str) -> None:
    if connections[db_alias].vendor != "sqlite":
        pytest.skip("SQLite only")
    writer, _, _ = _fill(db_alias)
    assert not writer.refresh_statistics()
