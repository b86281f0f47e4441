"""PostgreSQL goes away while ``linewatch serve`` is serving, then comes back.

The outage is made for the test's own scratch database only: new connections to it are refused
(``ALTER DATABASE … ALLOW_CONNECTIONS false``) and every open one is ended
(``pg_terminate_backend``), which is what the app sees while a server restarts. Restarting the
cluster itself (``pg_ctlcluster … restart``) would do the same to every other database and test
on the machine's shared server, so it is not used.

During the outage a page is a 503 "try again" page and the API a problem document, never a
traceback; afterwards the same app process, with the same session and token, is served again
(``CONN_HEALTH_CHECKS`` replaces the dead connection; nobody restarts the app).
"""

from __future__ import annotations

import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from .filedb import LINEWATCH, environment, pg, pg_available, pg_database, run

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.own_database]

PASSWORD = "a-long-outage-test-password"
MAKE_USER = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'linewatch.web.settings'); django.setup(); "
    "from linewatch.web.accounts.models import Agency, User; "
    f"User.objects.create_user('outage.worker', password={PASSWORD!r}, "
    "role='partner_practitioner', agency=Agency.objects.get(code='charnwood-bc'))"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """urllib with cookies; answers (status, headers, body) for errors too."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, **headers: str) -> tuple[int, Any, str]:
        return self._open(urllib.request.Request(self.base + path, headers=headers))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, Any, str]:
        data = urllib.parse.urlencode(fields).encode()
        headers = {"Referer": self.base + path}
        return self._open(urllib.request.Request(self.base + path, data=data, headers=headers))

    def _open(self, request: urllib.request.Request) -> tuple[int, Any, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


@pytest.fixture
def served() -> Iterator[tuple[str, str, str]]:
    """A scratch database, a user and an API token, and the app serving them."""
    if not pg_available():
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432")
    with pg_database("lw_outage") as (name, url):
        subprocess.run(
            [sys.executable, "-c", MAKE_USER], env=environment(url), check=True, timeout=300
        )
        token = run(
            url,
            "api-client",
            "create",
            "--agency",
            "charnwood-bc",
            "--role",
            "partner_practitioner",
            "--name",
            "outage-test",
        ).stdout.strip()
        run(url, "migrate")  # migrations others added since the fixture's own
        port = _free_port()
        server = subprocess.Popen(
            [LINEWATCH, "serve", "--port", str(port), "--threads", "4"],
            env=environment(url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None:
                        pytest.fail(f"serve ended: {server.stderr.read()[-1000:]}")  # type: ignore[union-attr]
                    time.sleep(0.5)
            yield name, base, token
        finally:
            server.terminate()
            server.wait(timeout=60)
            pg(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def _sign_in(browser: Browser) -> None:
    status, _, page = browser.get("/accounts/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    fields = {"username": "outage.worker", "password": PASSWORD}
    status, _, _ = browser.post("/accounts/login/", {**fields, "csrfmiddlewaretoken": token[1]})
    assert status == 200  # urllib followed the redirect home


def _outage(name: str) -> None:
    pg(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    pg(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


def test_requests_fail_cleanly_while_the_database_is_away_then_recover(
    served: tuple[str, str, str],
) -> None:
    name, base, token = served
    browser = Browser(base)
    _sign_in(browser)
    api = {"Authorization": f"Bearer {token}"}
    assert browser.get("/people/")[0] == 200
    assert browser.get("/api/v1/lines", **api)[0] == 200

    _outage(name)
    for _ in range(3):
        status, headers, body = browser.get("/people/")
        assert status == 503, body[:500]
        assert "cannot reach its database" in body
        assert headers["Retry-After"]
        assert "Traceback" not in body
        assert "OperationalError" not in body
        status, headers, body = browser.get("/api/v1/lines", **api)
        assert status == 503, body[:500]
        assert headers["Content-Type"] == "application/problem+json"
        assert headers["Retry-After"]
        assert "cannot reach its database" in body
        assert "Traceback" not in body
        assert "OperationalError" not in body

    pg(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    status, _, body = browser.get("/people/")
    assert status == 200, body[:500]  # the same session: nobody signed in again
    assert browser.get("/api/v1/lines", **api)[0] == 200
    assert browser.get("/healthz")[0] == 200
