"""``linewatch serve --workers N``: N waitress processes answer on one socket; a worker that
dies is replaced; SIGTERM stops them all. Runs the real command on a migrated SQLite file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

LINEWATCH = Path(sys.executable).with_name("linewatch")

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork"),
    pytest.mark.own_database,
]


def _env(database: Path) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINEWATCH_", "DATABASE_URL"))
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.update(DATABASE_URL=f"sqlite:///{database}", LINEWATCH_ENV="development")
    return environment


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(c) for c in path.read_text().split()} if path.exists() else set()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=30) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _wait_for(condition: Callable[[], bool], timeout: float = 300.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc for the workers")
def test_workers_share_the_socket_are_restarted_and_stop_together(tmp_path: Path) -> None:
    database = tmp_path / "serve.db"
    env = _env(database)
    subprocess.run([str(LINEWATCH), "migrate"], env=env, check=True, capture_output=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(LINEWATCH), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(lambda: _healthy(url)), "the server never answered /healthz"
        workers = _children(server.pid)
        assert len(workers) == 2, f"expected 2 worker processes, found {sorted(workers)}"
        assert all(_healthy(url) for _ in range(20))

        dead = min(workers)
        os.kill(dead, signal.SIGKILL)
        assert _wait_for(lambda: len(_children(server.pid) - {dead}) == 2), (
            f"the killed worker {dead} was not replaced: {sorted(_children(server.pid))}"
        )
        assert all(_healthy(url) for _ in range(10))
        survivors = _children(server.pid)

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        assert server.returncode == 0, server.stderr.read() if server.stderr else ""
        assert _wait_for(lambda: not any(Path(f"/proc/{p}").exists() for p in survivors), 10)
        assert not _healthy(url)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_one_worker_is_the_default_and_the_help_names_workers() -> None:
    result = subprocess.run(
        [str(LINEWATCH), "serve", "--help"], capture_output=True, text=True, check=True
    )
    assert "--workers" in result.stdout
    assert "[default: 1;" in result.stdout
