"""Locust users for ``python -m bench web-load`` (run by it, headless; not on its own).

Each simulated person signs in through the real form (password, then a TOTP code for police
and analyst roles) while the users ramp up, then browses lists, searches and, for
practitioners, submits intelligence. Sign-in is measured apart from using the app: when the
last user has signed in, the sign-in figures are written to ``LINEWATCH_LOAD_SIGNIN`` (JSON),
every statistic is reset, and the run stops ``LINEWATCH_LOAD_SECONDS`` later, so the CSV
locust writes holds only the measured window of browsing, searching and submitting.

The accounts come from ``LINEWATCH_LOAD_ACCOUNTS`` (JSON: username, password, hex TOTP key,
role); ``LINEWATCH_LOAD_RUN`` tags this run's submissions so they can be counted afterwards.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from binascii import unhexlify
from typing import Any

import gevent
from locust import HttpUser, between, task

ACCOUNTS = json.loads(os.environ.get("LINEWATCH_LOAD_ACCOUNTS", "[]"))
TERMS = json.loads(os.environ.get("LINEWATCH_LOAD_TERMS", '["smith"]'))
RUN = os.environ.get("LINEWATCH_LOAD_RUN", "0")
USERS = int(os.environ.get("LINEWATCH_LOAD_USERS", "0")) or len(ACCOUNTS)
MEASURED_SECONDS = float(os.environ.get("LINEWATCH_LOAD_SECONDS", "60"))
WITHOUT_WORKLISTS = os.environ.get("LINEWATCH_LOAD_WITHOUT_WORKLISTS") == "1"
SIGN_IN_NAMES = ("sign in (form)", "sign in (password)", "sign in (TOTP code)")
_next_account = itertools.count()
_signed_in = itertools.count(1)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(hex_key: str, offset: int = 0) -> str:
    from django_otp.oath import totp as oath_totp

    return f"{oath_totp(unhexlify(hex_key), drift=offset):06d}"


def _summary(entry: Any) -> dict[str, Any]:
    return {
        "name": entry.name,
        "count": entry.num_requests,
        "failures": entry.num_failures,
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": entry.max_response_time,
    }


def _start_measuring(environment: Any) -> None:
    """Keep the sign-in figures, then reset the statistics and time the measured window."""
    stats = environment.runner.stats
    signed = [_summary(e) for (name, _), e in stats.entries.items() if name in SIGN_IN_NAMES]
    with open(os.environ["LINEWATCH_LOAD_SIGNIN"], "w") as out:
        json.dump({"sign_in": signed, "measured_from": time.time()}, out)
    stats.reset_all()
    gevent.spawn_later(MEASURED_SECONDS, environment.runner.quit)


class Member(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        try:
            self._sign_in()
        finally:
            if next(_signed_in) == USERS:
                _start_measuring(self.environment)

    def _sign_in(self) -> None:
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        page = self.client.get("/accounts/login/", name="sign in (form)")
        token = CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in (password)",
        )
        if "/accounts/two-factor/" in response.url:
            token = CSRF.search(response.text)
            for offset in (0, 1):  # the current code, or the next if this one was used
                answer = self.client.post(
                    "/accounts/two-factor/",
                    {
                        "code": totp(self.account["key"], offset),
                        "next": "/",
                        "csrfmiddlewaretoken": token.group(1) if token else "",
                    },
                    name="sign in (TOTP code)",
                )
                if "/accounts/two-factor/" not in answer.url:
                    break
                time.sleep(1.1)

    @task(4)
    def people(self) -> None:
        self.client.get(f"/people/?page={random.randint(1, 3)}", name="/people/")

    @task(2)
    def lines(self) -> None:
        self.client.get("/lines/", name="/lines/")

    @task(3)
    def intelligence(self) -> None:
        self.client.get("/intelligence/", name="/intelligence/")

    @task(2)
    def worklist(self) -> None:
        if WITHOUT_WORKLISTS:
            return
        self.client.get("/worklists/", name="/worklists/")

    @task(3)
    def search(self) -> None:
        self.client.get("/search/", params={"q": random.choice(TERMS)}, name="/search/?q=")

    @task(2)
    def submit(self) -> None:
        if self.account["role"] != "partner_practitioner":
            return
        page = self.client.get("/intelligence/submit/", name="/intelligence/submit/ (form)")
        token = CSRF.search(page.text)
        with self.client.post(
            "/intelligence/submit/",
            {
                "text": f"Load test {RUN} {self.account['username']}: young people seen taking "
                "packages to a flat on the estate most evenings.",
                "sensitivity": "standard",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="/intelligence/submit/ (post)",
            catch_response=True,
        ) as response:
            if "/intelligence/" in response.url and "/submit/" not in response.url:
                response.success()
                with open(os.environ["LINEWATCH_LOAD_SUBMITTED"], "a") as done:
                    done.write(self.account["username"] + "\n")
            else:
                response.failure("the submission was not accepted")
