"""A small simulated scenario, loaded once for the risk tests, with its lines registered and
every role's worklists scored (as the scheduled ``linewatch score`` would).

Its pages never start a background rescoring (``LINEWATCH_RISK_RESCORE = "scheduled"``): the
tests change records inside a transaction that another thread's connection could not see;
``test_rescoring.py`` tests the background path on committed rows."""

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
    from linewatch.web.risk.rescoring import rescore

    out = tmp_path_factory.mktemp("risk") / "scenario"
    simulate(seed=11, weeks=40, scale=0.15, out=out)
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scheduled = override_settings(PASSWORD_HASHERS=fast, LINEWATCH_RISK_RESCORE="scheduled")
    with django_db_blocker.unblock(), scheduled:
        load_agencies()
        create_demo_users()
        load_scenario(out, register_lines=True)
        rescore(stale_only=False)
        try:
            yield out
        finally:
            call_command("flush", interactive=False, verbosity=0)
