"""BulkWriter on SQLite and PostgreSQL: fresh ids, faithful values, sequences left right."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from linewatch.web.accounts.models import Agency
from linewatch.web.events.models import Event, EventPhone
from linewatch.web.intake.bulk_writer import BulkWriter
from linewatch.web.pole.models import Phone

pytestmark = pytest.mark.own_database

WHEN = datetime(2024, 3, 31, 23, 30, 15, 250000, tzinfo=UTC)


@pytest.fixture
def db_alias(scratch_db: str) -> Iterator[str]:
    """The scratch database, with every test's writes rolled back afterwards."""
    with transaction.atomic(using=scratch_db):
        yield scratch_db
        transaction.set_rollback(True, using=scratch_db)


@pytest.fixture
def agency(db_alias: str) -> Agency:
    return Agency.objects.using(db_alias).create(code="test-force", name="Test", kind="police")


def _provenance(agency: Agency) -> dict[str, Any]:
    return {
        "owning_agency_id": agency.id,
        "source_feed": "test",
        "received_at": WHEN,
        "created_at": WHEN,
        "modified_at": WHEN,
    }


def test_allocated_ids_are_fresh_and_unique(db_alias: str, agency: Agency) -> None:
    writer = BulkWriter(Event, using=db_alias)
    existing = Event.objects.using(db_alias).create(
        kind="asb", received_at=WHEN, owning_agency=agency
    )
    first = writer.allocate_ids(50)
    writer.write_rows(["id", "kind"], [(i, "asb") for i in first], _provenance(agency))
    second = writer.allocate_ids(50)
    assert len(set(first + second)) == 100
    assert min(first) > existing.id
    assert min(second) > max(first)
    assert writer.allocate_ids(0) == []


def test_rows_read_back_equal_through_the_orm(db_alias: str, agency: Agency) -> None:
    writer = BulkWriter(Event, using=db_alias)
    [event_id] = writer.allocate_ids(1)
    details = {"lsoa_name": "Charnwood 003B", "nested": {"list": [1, 2.5, None]}, "é": "ü"}
    columns = ["id", "kind", "occurred_at", "ended_at", "quantity", "count", "details", "ref"]
    values = [event_id, "drug_seizure", WHEN, None, Decimal("7.540"), 3, details, "R/1"]
    assert writer.write_rows(columns, [values], _provenance(agency)) == 1
    event = Event.objects.using(db_alias).get(id=event_id)
    assert event.occurred_at == WHEN
    assert event.ended_at is None
    assert event.quantity == Decimal("7.540")
    assert event.count == 3
    assert event.details == details
    assert event.ref == "R/1"
    # Columns not given get the model's defaults.
    assert (event.handling_code, event.sensitivity, event.time_precision) == (
        "P",
        "standard",
        "exact",
    )
    assert (event.description, event.source_key, event.source_row) == ("", "", None)


def test_dict_rows_and_database_assigned_ids(db_alias: str, agency: Agency) -> None:
    phones = BulkWriter(Phone, using=db_alias)
    ids = phones.allocate_ids(2)
    phones.write_rows(
        ["id", "e164"],
        zip(ids, ["+447700900001", "+447700900002"], strict=True),
        _provenance(agency),
    )
    [event_id] = BulkWriter(Event, using=db_alias).allocate_ids(1)
    BulkWriter(Event, using=db_alias).write_rows(
        ["id", "kind"], [(event_id, "arrest")], _provenance(agency)
    )
    # Link rows carry no id: the database gives them one (COPY must leave the column out).
    links = [{"event_id": event_id, "phone_id": p, "role": "seized"} for p in ids]
    assert BulkWriter(EventPhone, using=db_alias).write(links) == 2
    stored = EventPhone.objects.using(db_alias).filter(event_id=event_id)
    assert sorted(stored.values_list("phone__e164", flat=True)) == [
        "+447700900001",
        "+447700900002",
    ]
    assert all(link.id for link in stored)


def test_orm_create_after_bulk_write_does_not_collide(db_alias: str, agency: Agency) -> None:
    writer = BulkWriter(Event, using=db_alias)
    ids = writer.allocate_ids(20)
    writer.write_rows(["id", "kind"], [(i, "asb") for i in ids], _provenance(agency))
    created = Event.objects.using(db_alias).create(
        kind="asb", received_at=WHEN, owning_agency=agency
    )
    assert created.id > max(ids)
    assert writer.allocate_ids(1)[0] > created.id


def test_unknown_and_missing_columns_are_refused(db_alias: str, agency: Agency) -> None:
    writer = BulkWriter(Event, using=db_alias)
    with pytest.raises(ValueError, match="no column colour"):
        writer.write_rows(["kind", "colour"], [("asb", "red")], _provenance(agency))
    with pytest.raises(ValueError, match="received_at has no default"):
        writer.write_rows(["kind"], [("asb",)], {"owning_agency_id": agency.id})
