"""A linkage run whose process died is marked interrupted, never left "running" for ever."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from linewatch.web.linking.models import LinkageRun
from linewatch.web.linking.runs import INTERRUPTED, mark_interrupted_runs, run_in_progress

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _running(process: dict[str, object] | None, hours_ago: float = 0) -> LinkageRun:
    parameters = {"auto_link": 0.9} | ({"process": process} if process else {})
    return LinkageRun.objects.create(
        kind="full",
        started_at=timezone.now() - timedelta(hours=hours_ago),
        parameters=parameters,
    )


def test_a_run_whose_process_has_ended_is_marked_interrupted() -> None:
    killed = _running({"host": socket.gethostname(), "pid": _dead_pid()})
    assert run_in_progress() is False
    killed.refresh_from_db()
    assert killed.status == "failed"
    assert killed.error == INTERRUPTED
    assert killed.finished_at is not None


def test_a_run_whose_process_is_alive_is_left_running() -> None:
    alive = _running({"host": socket.gethostname(), "pid": os.getppid()}, hours_ago=30)
    assert mark_interrupted_runs() == 0
    assert run_in_progress() is True
    alive.refresh_from_db()
    assert alive.status == "running"


def test_a_run_from_another_host_is_trusted_until_it_is_stale() -> None:
    recent = _running({"host": "another-host.invalid", "pid": 4242}, hours_ago=1)
    old = _running({"host": "another-host.invalid", "pid": 4242}, hours_ago=7)
    unknown = _running(None, hours_ago=8)
    assert mark_interrupted_runs() == 2
    statuses = dict(LinkageRun.objects.values_list("pk", "status"))
    assert statuses == {recent.pk: "running", old.pk: "failed", unknown.pk: "failed"}
