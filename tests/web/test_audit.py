"""The audit trail (DPA 2018 s62): every consultation and collection is logged, the log cannot be
changed through the application, and tampering with it outside the application is detected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test import Client
from django.urls import reverse

from linewatch.cli import main_group
from linewatch.web.audit.models import AuditEvent
from linewatch.web.audit.trail import record, verify_chain
from linewatch.web.intake.loader import import_file

from .factories import (
    CountyLineFactory,
    EventFactory,
    IntelligenceEventFactory,
    LocationFactory,
    PersonFactory,
)

ASB_HEADER = (
    "agency,ref,reported_at,category,description,address,postcode,easting,northing,"
    "reporter_type,first_name,surname,dob,gender\n"
)


@pytest.fixture
def analyst(demo_users: dict[str, Any]) -> tuple[Client, Any]:
    user = demo_users["police.analyst"]
    client = Client()
    client.force_login(user)
    return client, user


DETAIL_PAGES = [
    ("people:detail", PersonFactory, "person"),
    ("locations:detail", LocationFactory, "location"),
    ("lines:detail", CountyLineFactory, "county_line"),
    ("intel:detail", IntelligenceEventFactory, "intelligence_report"),
    ("events:detail", EventFactory, "event"),
]


@pytest.mark.parametrize(("name", "factory", "object_type"), DETAIL_PAGES)
def test_viewing_a_record_writes_one_consultation_entry(
    name: str, factory: Any, object_type: str, analyst: tuple[Client, Any]
) -> None:
    client, user = analyst
    target = factory()
    before = AuditEvent.objects.count()
    response = client.get(reverse(name, args=[target.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    entry = AuditEvent.objects.order_by("-id").first()
    assert entry is not None
    assert entry.action == "consultation"
    assert entry.user == user
    assert entry.username == "police.analyst"
    assert entry.agency_code == "leicestershire-police"
    assert entry.role == "police_analyst"
    assert entry.object_type == object_type
    assert entry.object_ids == [str(target.pk)]
    assert entry.path == reverse(name, args=[target.pk])


def test_viewing_a_stub_is_logged_as_a_stub(demo_users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo_users["police.auditor"])
    person = PersonFactory()
    client.get(reverse("people:detail", args=[person.pk]))
    entry = AuditEvent.objects.order_by("-id").first()
    assert entry is not None
    assert entry.object_ids == [str(person.pk)]
    assert "stub only" in entry.summary


def test_a_search_writes_one_consultation_entry_naming_what_it_found(
    analyst: tuple[Client, Any],
) -> None:
    client, user = analyst
    person = PersonFactory(first_name="Jayden", surname="Testperson")
    before = AuditEvent.objects.count()
    assert client.get(reverse("search"), {"q": "testperson"}).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    entry = AuditEvent.objects.order_by("-id").first()
    assert entry is not None
    assert (entry.action, entry.object_type, entry.user) == ("consultation", "search", user)
    assert f"person:{person.pk}" in entry.object_ids
    assert "testperson" in entry.summary


def test_an_import_writes_a_collection_entry(agencies: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "asb.csv"
    path.write_text(
        ASB_HEADER + "charnwood-bc,ASB-1,2021-02-01 18:20,drug_related,Visitors,,LE11 3TU,,,"
        "resident,,,,\n",
        encoding="utf-8",
    )
    result = import_file("asb", path, agency_code="charnwood-bc")
    assert result.status == "imported", result.error
    entry = AuditEvent.objects.get(action="collection")
    assert entry.object_type == "feed_import"
    assert entry.object_ids == [str(result.import_id)]
    assert "asb.csv" in entry.summary


def _entries(n: int) -> list[AuditEvent]:
    return [record("consultation", "person", [i], f"Viewed person record {i}") for i in range(n)]


def test_the_trail_cannot_be_changed_or_deleted_through_the_application(db: Any) -> None:
    entry = _entries(1)[0]
    entry.summary = "Nothing happened"
    with pytest.raises(PermissionError, match="append-only"):
        entry.save()
    with pytest.raises(PermissionError, match="append-only"):
        entry.delete()
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(pk=entry.pk).update(summary="Nothing happened")
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(pk=entry.pk).delete()
    assert AuditEvent.objects.get(pk=entry.pk).summary == "Viewed person record 0"
    assert verify_chain().intact


def _sql(statement: str, params: list[Any]) -> None:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), params)


def test_an_intact_trail_verifies(db: Any) -> None:
    _entries(5)
    report = verify_chain()
    assert report.intact
    assert report.checked == 5


def test_an_empty_trail_verifies(db: Any) -> None:
    assert verify_chain().intact


def test_altering_an_entry_is_reported(db: Any) -> None:
    entries = _entries(4)
    _sql("UPDATE {table} SET summary = %s WHERE id = %s", ["Nothing to see", entries[2].pk])
    report = verify_chain()
    assert not report.intact
    assert report.problems == [
        f"entry {entries[2].pk}: its content does not match its hash (altered)"
    ]


def test_deleting_an_entry_is_reported(db: Any) -> None:
    entries = _entries(4)
    _sql("DELETE FROM {table} WHERE id = %s", [entries[1].pk])
    report = verify_chain()
    assert not report.intact
    assert any(f"entry {entries[2].pk}" in p and "removed" in p for p in report.problems)


def test_deleting_the_last_entry_is_reported(db: Any) -> None:
    entries = _entries(3)
    _sql("DELETE FROM {table} WHERE id = %s", [entries[-1].pk])
    report = verify_chain()
    assert not report.intact
    assert any("chain head" in problem for problem in report.problems)


def test_reordering_entries_is_reported(db: Any) -> None:
    """Swap two entries' places (each keeps its own content and hashes)."""
    entries = _entries(4)
    a, b = entries[1].pk, entries[2].pk
    spare = max(e.pk for e in entries) + 100
    _sql("UPDATE {table} SET id = %s WHERE id = %s", [spare, a])
    _sql("UPDATE {table} SET id = %s WHERE id = %s", [a, b])
    _sql("UPDATE {table} SET id = %s WHERE id = %s", [b, spare])
    report = verify_chain()
    assert not report.intact
    assert any("reordered" in problem for problem in report.problems)


def test_linewatch_audit_verify_says_whether_the_trail_is_intact(db: Any) -> None:
    entries = _entries(3)
    runner = CliRunner()
    intact = runner.invoke(main_group, ["audit", "verify"])
    assert intact.exit_code == 0, intact.output
    assert "Audit trail intact: 3 entries" in intact.output

    _sql("UPDATE {table} SET summary = %s WHERE id = %s", ["Nothing to see", entries[0].pk])
    altered = runner.invoke(main_group, ["audit", "verify"])
    assert altered.exit_code == 1
    assert "NOT intact" in altered.output
    assert f"entry {entries[0].pk}" in altered.output
    assert "altered" in altered.output
    assert "Traceback" not in altered.output


def test_a_search_logs_stubs_with_the_same_references(demo_users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo_users["police.auditor"])
    person = PersonFactory(first_name="Jayden", surname="Testperson")
    client.get(reverse("search"), {"q": "testperson"})
    entry = AuditEvent.objects.order_by("-id").first()
    assert entry is not None
    assert entry.object_ids == [f"person:{person.pk}"]
