"""Shared fixtures: the partnership's agencies and one user per demo role.

Also: ``Client.force_login`` produces a session that has passed two-factor sign-in, which is
what a completed password + TOTP sign-in gives (police and analyst roles need it; see
docs/security.md).  Tests of the two-factor step itself use
``Client.force_login_without_two_factor``.
"""

from __future__ import annotations

import os
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
