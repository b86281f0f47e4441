"""A small, known set of events in Charnwood and Melton for the trends pages and reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ..factories import EventFactory, agency

UTC = dt.UTC


def street_crime(n: int, when: dt.datetime, area: str = "E07000130", **kwargs: Any) -> None:
    # Loughborough town centre, so the events have a point for the map and the hotspot grid.
    defaults = {
        "kind": "street_crime",
        "category": "Drugs",
        "time_precision": "month",
        "latitude": 52.7721,
        "longitude": -1.2062,
        "easting": 453700,
        "northing": 319600,
        "lsoa_code": "E01025806",
    }
    for _ in range(n):
        EventFactory(occurred_at=when, area_code=area, **{**defaults, **kwargs})


@pytest.fixture
def known_events(demo_users: dict[str, Any]) -> dict[str, Any]:
    """Charnwood drug offences: 40 in 2020Q3, 80 in 2020Q4, 3 in 2019Q4 (small); 2 needle
    finds in Melton in Q4; and 7 police C-coded drug offences in Charnwood in Q4."""
    q3, q4, q4_last_year = (
        dt.datetime(2020, 8, 1, tzinfo=UTC),
        dt.datetime(2020, 11, 1, tzinfo=UTC),
        dt.datetime(2019, 11, 1, tzinfo=UTC),
    )
    street_crime(40, q3)
    street_crime(80, q4)
    street_crime(3, q4_last_year)
    street_crime(7, q4, handling_code="C")
    EventFactory.create_batch(
        2,
        kind="needle_find",
        category="park",
        occurred_at=q4,
        area_code="E07000133",
        owning_agency=agency("melton-bc"),
    )
    return demo_users
