"""``python -m bench web-load``: concurrent users against ``linewatch serve`` on loopback.

Builds a demo database (``linewatch demo --no-serve``; with ``--reuse`` an existing one that
already holds events is used as it is), adds one load-test account per simulated person (half
police analysts, who sign in with a TOTP code; half partner practitioners, who submit
intelligence), serves it with ``linewatch serve --workers N`` on 127.0.0.1, times every page
for a single user, then runs locust headless: every user signs in while they ramp up, and
the measured window of ``--seconds`` starts when the last one has (sign-in is reported on its
own). Prints throughput, p50/p95/p99 latency per request and overall, errors, the load
average, and checks afterwards that every submission locust saw accepted in this run is in
the database. There is no peer to compare with: the target is the issue's (p95 under 300 ms,
no errors, no lost submissions).
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

from bench import web_load_pages

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


def _django(database_url: str, script: str) -> str:
    """Run ``script`` with Django set up on ``database_url``; its last line of output."""
    env = {**_env(database_url), "DJANGO_SETTINGS_MODULE": "linewatch.web.settings"}
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def count_events(database_url: str) -> int:
    """Events in the database, or -1 when it has no tables yet."""
    script = """
from django.db import connection
if "events_event" not in connection.introspection.table_names():
    print(-1)
else:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events_event")
        print(cursor.fetchone()[0])
"""
    return int(_django(database_url, script))


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
import json
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
    data = json.loads(_django(database_url, script))
    return data["accounts"], data["terms"] or ["smith"]


def count_submissions(database_url: str, run_tag: str) -> int:
    """Reports this run submitted that are in the database (their text carries the tag)."""
    script = (
        "from linewatch.web.events.models import Event; "
        "print(Event.objects.filter(source_feed='web', "
        f"report__text__startswith={f'Load test {run_tag} '!r}).count())"
    )
    return int(_django(database_url, script))


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


def _locust(url: str, options: Any, folder: Path, env: dict[str, str]) -> int:
    ramp = max(1, options.users // 10)
    allowance = options.users / ramp + 300  # time for everyone to sign in, then the window
    result = subprocess.run(
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
            str(options.users),
            "--spawn-rate",
            str(ramp),
            "--run-time",
            f"{options.seconds + allowance:.0f}s",
            "--stop-timeout",
            "10",
            "--csv",
            str(folder / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "locust.log").open("w"),
        cwd=str(ROOT),
    )
    return result.returncode


def run(options: Any) -> dict[str, Any]:
    """Build or reuse the database, serve it, time single users, then the locust users."""
    with tempfile.TemporaryDirectory(prefix="linewatch-load-") as scratch:
        folder = Path(scratch)
        database_url = options.database or f"sqlite:///{folder / 'load.db'}"
        present = count_events(database_url) if options.reuse else -1
        if present > 0:  # reused: bring its schema up to date (new indexes, new tables)
            subprocess.run(
                [*_linewatch(), "migrate"],
                env=_env(database_url),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        built = 0.0 if present > 0 else build_database(database_url, options.scale, options.weeks)
        scoring = time.monotonic()  # as the demo says: score every role's worklists first
        if not options.no_score:
            subprocess.run(
                [*_linewatch(), "score"],
                env=_env(database_url),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        scored = time.monotonic() - scoring
        events = present if present > 0 else count_events(database_url)
        accounts, terms = create_accounts(database_url, options.users)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        command = ["serve", "--port", str(port), "--threads", str(options.threads)]
        server = subprocess.Popen(
            [*_linewatch(), *command, "--workers", str(options.workers)],
            env={**_env(database_url), "LINEWATCH_RISK_RESCORE": options.rescore},
            stdout=subprocess.DEVNULL,
            stderr=(folder / "server.log").open("w"),
        )
        run_tag = f"{int(time.time())}"
        submitted = folder / "submitted.txt"
        submitted.touch()
        signin = folder / "signin.json"
        try:
            _wait_until_up(url, timeout=300)
            skip = ("/worklists/",) if options.without_worklists else ()
            single = web_load_pages.time_pages(url, accounts, terms[0], skip=skip)
            load_before = os.getloadavg()
            locust_env = {
                **os.environ,
                "LINEWATCH_LOAD_ACCOUNTS": json.dumps(accounts),
                "LINEWATCH_LOAD_TERMS": json.dumps(terms),
                "LINEWATCH_LOAD_SUBMITTED": str(submitted),
                "LINEWATCH_LOAD_SIGNIN": str(signin),
                "LINEWATCH_LOAD_RUN": run_tag,
                "LINEWATCH_LOAD_USERS": str(options.users),
                "LINEWATCH_LOAD_SECONDS": str(options.seconds),
                "LINEWATCH_LOAD_WITHOUT_WORKLISTS": "1" if options.without_worklists else "",
            }
            code = _locust(url, options, folder, locust_env)
            load_after = os.getloadavg()
            if not signin.exists():
                log = (folder / "locust.log").read_text()[-2000:]
                raise RuntimeError(f"not every user signed in; locust exited {code}:\n{log}")
            rows = _read_stats(folder / "locust")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        accepted = len(submitted.read_text().split())
        stored = count_submissions(database_url, run_tag)
        return {
            "rows": rows,
            "sign_in": json.loads(signin.read_text())["sign_in"],
            "single": single,
            "accepted": accepted,
            "stored": stored,
            "built": built,
            "scored": scored,
            "events": events,
            "backend": "PostgreSQL" if database_url.startswith("postgres") else "SQLite",
            "load": (load_before, load_after),
        }


def report(result: dict[str, Any], options: Any) -> str:
    before, after = result["load"]
    built = f"built in {result['built']:.0f} s" if result["built"] else "reused"
    lines = [
        f"web-load: {options.users} users, {options.seconds} s measured after all signed in, "
        f"against linewatch serve --workers {options.workers} --threads {options.threads} on "
        f"loopback; {result['backend']}, {result['events']:,} events ({built}; "
        + (
            f"worklists scored in {result['scored']:.0f} s before serving)"
            if not options.no_score
            else "linewatch score not run: --no-score)"
        )
        + (" — worklists LEFT OUT (--without-worklists)" if options.without_worklists else "")
        + f"; stale runs rescored: {options.rescore}",
        f"load average (1, 5, 15 min) before locust {before[0]:.1f} {before[1]:.1f} "
        f"{before[2]:.1f}, after {after[0]:.1f} {after[1]:.1f} {after[2]:.1f}",
        web_load_pages.report(result["single"]),
        "sign-in during the ramp-up (not in the measured window):",
        f"{'request':<34} {'count':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)",
    ]
    for row in result["sign_in"]:
        lines.append(
            f"{row['name'][:34]:<34} {row['count']:>7} {row['failures']:>5} {row['p50']:>6} "
            f"{row['p95']:>6} {row['p99']:>6}"
        )
    lines += [
        "measured window:",
        f"{'request':<34} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} "
        f"{'p99':>6}  (ms)",
    ]
    for row in result["rows"]:
        if row["Request Count"] == "0":  # a sign-in name, reset when the window began
            continue
        lines.append(
            f"{(row['Name'] or row['Type'])[:34]:<34} {row['Request Count']:>7} "
            f"{row['Failure Count']:>5} {float(row['Requests/s']):>7.1f} {row['50%']:>6} "
            f"{row['95%']:>6} {row['99%']:>6}"
        )
    lines.append(
        f"submissions accepted this run (locust saw the report page): {result['accepted']}; "
        f"stored in the database: {result['stored']}; lost: "
        f"{max(0, result['accepted'] - result['stored'])}"
    )
    return "\n".join(lines)


def main(args: Any) -> int:
    result = run(args)
    print(report(result, args))
    total = next((r for r in result["rows"] if r["Name"] == "Aggregated"), None)
    failures = int(total["Failure Count"]) if total else 1
    failures += sum(int(row["failures"]) for row in result["sign_in"])
    failures += sum(1 for row in result["single"] if row.get("problem"))
    return 1 if failures or result["accepted"] != result["stored"] else 0
