"""Single-user latency of every page the load test's users open (``python -m bench web-load``).

One police analyst and one partner practitioner sign in through the real forms (as the locust
users do), then open each page a few times in turn with nobody else using the server. The
median and the slowest are reported per page and role: on a machine shared with other work,
these say what a page costs, apart from queueing behind other users.
"""

from __future__ import annotations

import re
import statistics
import time
from binascii import unhexlify
from typing import Any

import requests

TIMEOUT = 120
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGES = [
    ("/people/", "/people/"),
    ("/people/?page=3", "/people/?page=3"),
    ("/lines/", "/lines/"),
    ("/intelligence/", "/intelligence/"),
    ("/worklists/", "/worklists/"),
    ("/search/?q=", "/search/?q={term}"),
    ("/intelligence/submit/ (form)", "/intelligence/submit/"),
]


def _token(text: str) -> str:
    found = CSRF.search(text)
    return found.group(1) if found else ""


def sign_in(url: str, account: dict[str, str]) -> tuple[requests.Session, float]:
    """A signed-in session for ``account`` and the seconds the sign-in took (all steps)."""
    from django_otp.oath import totp

    session = requests.Session()
    started = time.perf_counter()
    page = session.get(url + "/accounts/login/", timeout=120)
    answer = session.post(
        url + "/accounts/login/",
        {
            "username": account["username"],
            "password": account["password"],
            "csrfmiddlewaretoken": _token(page.text),
        },
        timeout=120,
    )
    if "/accounts/two-factor/" in answer.url:
        for drift in (0, 1):
            code = f"{totp(unhexlify(account['key']), drift=drift):06d}"
            done = session.post(
                url + "/accounts/two-factor/",
                {"code": code, "next": "/", "csrfmiddlewaretoken": _token(answer.text)},
                timeout=120,
            )
            if "/accounts/two-factor/" not in done.url:
                break
            time.sleep(1.1)
        else:
            raise RuntimeError(f"{account['username']}: the TOTP code was refused")
    elif "/accounts/login/" in answer.url:
        raise RuntimeError(f"{account['username']}: the password was refused")
    return session, time.perf_counter() - started


def time_pages(
    url: str,
    accounts: list[dict[str, str]],
    term: str,
    repeats: int = 3,
    skip: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Median and slowest milliseconds per page for one analyst and one practitioner."""
    rows: list[dict[str, Any]] = []
    for role in ("police_analyst", "partner_practitioner"):
        account = next(a for a in accounts if a["role"] == role)
        session, signed_in = sign_in(url, account)
        rows.append({"role": role, "page": "sign in (all steps)", "median": signed_in * 1000})
        rows[-1]["max"] = rows[-1]["median"]
        for name, path in PAGES:
            if (role != "partner_practitioner" and "submit" in path) or path in skip:
                continue
            times: list[float] = []
            problem = ""
            for _ in range(repeats):
                started = time.perf_counter()
                try:
                    response = session.get(url + path.format(term=term), timeout=TIMEOUT)
                except requests.Timeout:
                    times.append(TIMEOUT * 1000)
                    problem = f"no answer within {TIMEOUT} s"
                    break
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200 or "/accounts/login/" in response.url:
                    problem = f"answered {response.status_code} at {response.url}"
                    break
            rows.append(
                {
                    "role": role,
                    "page": name,
                    "median": statistics.median(times),
                    "max": max(times),
                    "problem": problem,
                }
            )
    return rows


def report(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'single user: page':<34} {'role':<22} {'median':>8} {'max':>8}  (ms)"]
    for row in rows:
        lines.append(
            f"{row['page']:<34} {row['role']:<22} {row['median']:>8.0f} {row['max']:>8.0f}"
            + (f"  FAILED: {row['problem']}" if row.get("problem") else "")
        )
    return "\n".join(lines)
