"""Shared fixtures: the partnership's agencies and one user per demo role."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")


@pytest.fixture
def agencies(db: Any) -> dict[str, Any]:
    """Every agency in linewatch/data/agencies.yaml, by code."""
    from linewatch.web.demo import load_agencies

    return {agency.code: agency for agency in load_agencies()}


@pytest.fixture
def demo_users(agencies: dict[str, Any]) -> dict[str, Any]:
    """The demo sign-ins (password ``DEMO_PASSWORD``), by username."""
    from linewatch.web.demo import create_demo_users

    return {user.username: user for user in create_demo_users()}
