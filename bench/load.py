"""``python -m bench web-load``: concurrent users against ``linewatch serve`` on loopback.

Builds a demo database (``linewatch demo --no-serve``), adds one load-test account per
simulated person (half police analysts, who sign in with a TOTP code; half partner
practitioners, who submit intelligence), serves it with waitress on 127.0.0.1, and runs locust
headless for a fixed time. Prints throughput, p50/p95/p99 latency per request and overall,
errors, and checks afterwards that every submission locust saw accepted is in the database.
There is no peer to compare with: the target is the issue's (p95 under 300 ms, no errors, no
lost submissions).
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LINEWATCH = [sys.executable, "-m", "linewatch.cli"]
PASSWORD = "load-test-passphrase-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "LINEWATCH_ENV": "development"}


def _linewatch() -> list[str]:
    exe = Path(sys.executable).with_name("linewatch")
    return [str(exe)] if exe.exists() else LINEWATCH


def build_database(database_url: str, scale: float, weeks: int) -> float:
    started = time.monotonic()
    subprocess.run(
        [*_linewatch(), "demo", "--no-serve", "--scale", str(scale), "--weeks", str(weeks)],
        env=_env(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def create_accounts(database_url: str, users: int) -> tuple[list[dict[str, str]], list[str]]:
    """Load-test accounts (one per simulated person) and some surnames to search for."""
    script = f"""
import json, os
import django
django.setup()
from django_otp.plugins.otp_totp.models import TOTPDevice
from linewatch.web.accounts.models import Agency, User
from linewatch.web.pole.models import Person
police = Agency.objects.get(code="leicestershire-police")
council = Agency.objects.get(code="charnwood-bc")
accounts = []
for n in range({users}):
    role = "police_analyst" if n % 2 == 0 else "partner_practitioner"
    agency = police if role == "police_analyst" else council
    user, made = User.objects.get_or_create(
        username=f"load.{{role}}.{{n}}", defaults={{"agency": agency, "role": role}}
    )
    if made:
        user.set_password({PASSWORD!r})
        user.save()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="load", defaults={{"confirmed": True}}
    )
    accounts.append({{"username": user.username, "password": {PASSWORD!r},
                      "key": device.key, "role": role}})
names = list(Person.objects.exclude(surname="").values_list("surname", flat=True)[:50])
print(json.dumps({{"accounts": accounts, "terms": sorted(set(n.lower() for n in names))}}))
"""
    env = {**_env(database_url), "DJANGO_SETTINGS_MODULE": "linewatch.web.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["accounts"], data["terms"] or ["smith"]


def count_submissions(database_url: str) -> int:
    script = (
        "import django; django.setup(); from linewatch.web.events.models import Event; "
        "print(Event.objects.filter(source_feed='web', report__text__startswith='Load test')"
        ".count())"
    )
    env = {**_env(database_url), "DJANGO_SETTINGS_MODULE": "linewatch.web.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def _wait_until_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310 (loopback http)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"linewatch serve did not answer at {url} within {timeout:.0f} s")


def _read_stats(prefix: Path) -> list[dict[str, Any]]:
    with (prefix.parent / f"{prefix.name}_stats.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def run(
    users: int, seconds: int, scale: float, weeks: int, threads: int, database_url: str = ""
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="linewatch-load-") as scratch:
        folder = Path(scratch)
        database_url = database_url or f"sqlite:///{folder / 'load.db'}"
        built = build_database(database_url, scale, weeks)
        accounts, terms = create_accounts(database_url, users)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*_linewatch(), "serve", "--port", str(port), "--threads", str(threads)],
            env=_env(database_url),
            stdout=subprocess.DEVNULL,
            stderr=(folder / "server.log").open("w"),
        )
        submitted = folder / "submitted.txt"
        submitted.touch()
        try:
            _wait_until_up(url)
            prefix = folder / "locust"
            locust_env = {
                **os.environ,
                "LINEWATCH_LOAD_ACCOUNTS": json.dumps(accounts),
                "LINEWATCH_LOAD_TERMS": json.dumps(terms),
                "LINEWATCH_LOAD_SUBMITTED": str(submitted),
            }
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(Path(__file__).with_name("load_locustfile.py")),
                    "--headless",
                    "--host",
                    url,
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(max(1, users // 10)),
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "10",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=locust_env,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=(folder / "locust.log").open("w"),
                cwd=str(ROOT),
            )
            rows = _read_stats(prefix)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        accepted = len(submitted.read_text().split())
        stored = count_submissions(database_url)
        return {"rows": rows, "accepted": accepted, "stored": stored, "built": built}


def report(result: dict[str, Any], users: int, seconds: int) -> str:
    lines = [
        f"web-load: {users} users for {seconds} s against linewatch serve on loopback "
        f"(database built in {result['built']:.0f} s)",
        f"{'request':<34} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} "
        f"{'p99':>6}  (ms)",
    ]
    for row in result["rows"]:
        lines.append(
            f"{(row['Name'] or row['Type'])[:34]:<34} {row['Request Count']:>7} "
            f"{row['Failure Count']:>5} {float(row['Requests/s']):>7.1f} {row['50%']:>6} "
            f"{row['95%']:>6} {row['99%']:>6}"
        )
    lines.append(
        f"submissions accepted (locust saw the report page): {result['accepted']}; "
        f"stored in the database: {result['stored']}; lost: "
        f"{max(0, result['accepted'] - result['stored'])}"
    )
    return "\n".join(lines)


def main(args: Any) -> int:
    result = run(args.users, args.seconds, args.scale, args.weeks, args.threads, args.database)
    print(report(result, args.users, args.seconds))
    total = next((r for r in result["rows"] if r["Name"] == "Aggregated"), None)
    failures = int(total["Failure Count"]) if total else 1
    return 1 if failures or result["accepted"] > result["stored"] else 0
