"""Shared fixtures for the feed reader tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "samples"
SHARED_DATA = Path(__file__).parents[3] / "shared" / "data"
#: A fixed "now" after every sample's dates, so "in the future" checks do not drift.
NOW = datetime(2021, 6, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return NOW
