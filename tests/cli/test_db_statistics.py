"""``linewatch serve`` refreshes SQLite's planner statistics when they are missing or old."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from linewatch.cli import db_statistics
from linewatch.web.pole.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own")
def test_missing_then_current_then_stale_statistics(agencies: dict[str, Any]) -> None:
    def people(count: int) -> None:
        police = agencies["leicestershire-police"]
        Person.objects.bulk_create(
            Person(owning_agency=police, surname=f"Test{n}", received_at=timezone.now())
            for n in range(count)
        )

    people(8)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert "pole_person" in db_statistics.stale_tables()
    assert "pole_person" in db_statistics.refresh()
    assert db_statistics.stale_tables() == []
    assert db_statistics.refresh() == []
    people(4)  # 8 -> 12 people: more than a quarter more
    assert db_statistics.stale_tables() == ["pole_person"]
