"""A small simulated scenario, loaded once for the risk tests, with its lines registered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture(scope="module")
def scenario(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    from linewatch.simulate import simulate
    from linewatch.web.demo import create_demo_users, load_agencies
    from linewatch.web.intake.scenario import load_scenario

    out = tmp_path_factory.mktemp("risk") / "scenario"
    simulate(seed=11, weeks=40, scale=0.15, out=out)
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        load_agencies()
        create_demo_users()
        load_scenario(out, register_lines=True)
        try:
            yield out
        finally:
            call_command("flush", interactive=False, verbosity=0)
