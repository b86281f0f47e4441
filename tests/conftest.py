"""Shared fixtures: the partnership's agencies and one user per demo role.

Also: ``Client.force_login`` produces a session that has passed two-factor sign-in, which is
what a completed password + TOTP sign-in gives (police and analyst roles need it; see
docs/security.md).  Tests of the two-factor step itself use
``Client.force_login_without_two_factor``.
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")

_force_login = Client.force_login


def _force_login_verified(self: Client, user: Any, backend: str | None = None) -> None:
    """Sign in as ``user`` and mark the session verified by a TOTP device, as the real
    two-factor step does (a confirmed device is made for the user when they have none)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _force_login(self, user, backend)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


Client.force_login_without_two_factor = _force_login  # type: ignore[attr-defined]
Client.force_login = _force_login_verified  # type: ignore[method-assign]


def _read_uncommitted_in_memory(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Let threads read the in-memory test database while another thread writes to it.

    The SQLite test database is one in-memory database in shared-cache mode, where a
    connection reading a table another connection has written in an open transaction fails
    at once with "database table is locked" (no busy timeout applies). A file database in WAL
    mode, as the product runs, never blocks readers; ``read_uncommitted`` gives the tests'
    background threads (an upload's import, a live server, a rescoring) the same freedom.
    """
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and "mode=memory" in name:
        connection.connection.execute("PRAGMA read_uncommitted = 1")


def _connect_read_uncommitted() -> None:
    from django.db.backends.signals import connection_created

    connection_created.connect(_read_uncommitted_in_memory, dispatch_uid="tests-read-uncommitted")


_connect_read_uncommitted()

TESTS = Path(__file__).resolve().parent


def _shared_fixture_group(item: pytest.Item) -> str | None:
    """The worker group of a test that shares an expensive fixture of this test tree, if any.

    A module- or class-scoped fixture (a loaded scenario, a live server, a scratch database)
    is built once per worker that runs any of its tests, so its module goes to one worker
    whole; a session-scoped one (a simulated scenario) likewise groups its tests by the
    fixture's name. Plugins' fixtures (pytest-django's test database) are per worker by design
    and group nothing.
    """
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    shared = None
    for name in info.names_closure:
        definitions = info.name2fixturedefs.get(name)
        if not definitions or definitions[-1].scope == "function":
            continue
        fixture = definitions[-1]
        source = inspect.getsourcefile(fixture.func)
        if not source or not Path(source).resolve().is_relative_to(TESTS):
            continue
        if fixture.scope != "session":
            return item.nodeid.split("::", 1)[0]
        shared = shared or f"session-{name}"
    return shared


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``pytest -n N --dist loadgroup`` (``make unit``), keep the tests that share an
    expensive fixture on one worker; every other test is handed out on its own."""
    if not getattr(config.option, "loadgroup", False):  # xdist sets it on its workers
        return
    for item in items:
        group = _shared_fixture_group(item)
        if group is not None and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))


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
