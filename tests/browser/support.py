"""What the browser journeys share: the users, the expected data and a browser :class:`Journey`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The tiny scenario: fixed seed, so the same line is chosen every run.
SCENARIO_SEED = 7
SCENARIO_WEEKS = 12
SCENARIO_SCALE = 0.05

PRACTITIONER = "charnwood.practitioner"
ANALYST = "police.analyst"
POLICE = "leicestershire-police"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

TIMEOUT_MS = 15_000
FAVICON = "/static/linewatch/favicon.svg"


# ---------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Member:
    pk: int
    name: str
    role: str
    agency_name: str
    agency_contact: str
    practitioner_sees: str  # "visible", "redacted" or "hidden"
    analyst_sees: str


@dataclass(frozen=True)
class Site:
    """The running server and what the tests expect to find on it."""

    url: str
    password: str
    line_pk: int
    line_name: str
    line_status: str
    numbers_national: tuple[str, ...]
    numbers_e164: tuple[str, ...]
    members: tuple[Member, ...]
    # Events on the line page: pk -> (record class, owning agency code, practitioner decision).
    events: dict[int, tuple[str, str, str]]
    police_name: str
    police_contact: str
    hidden_line_names: tuple[str, ...] = ()  # lines the practitioner is not told of
    redacted_line_names: tuple[str, ...] = ()  # lines she gets as stubs
    session_cookie: str = "sessionid"
    sessions: dict[str, str] = field(default_factory=dict)  # username -> signed-in session key

    def at(self, path: str) -> str:
        return self.url + path


# ---------------------------------------------------------------------------- a journey


@dataclass
class Journey:
    """One browser context and page, with everything that went wrong on the way."""

    site: Site
    page: Any
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)
    csp_headers: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.site.at(path), wait_until="load")

    def sign_in(self, username: str, password: str | None = None) -> None:
        """Through the real form, as a person would."""
        page = self.page
        self.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.locator("#id_password").fill(self.site.password if password is None else password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("load")
        self.complete_two_factor(username)

    def complete_two_factor(self, username: str) -> None:
        """Police and analyst roles: enter the TOTP code when the code step is shown."""
        page = self.page
        page.wait_for_load_state("load")
        if "/accounts/two-factor/" not in page.url:
            return
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from linewatch.web.accounts.two_factor import next_code

        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Code from your authenticator app").fill(next_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("load")

    def signed_in_as(self, username: str) -> None:
        """Start already signed in (a session made by the ``site`` fixture), skipping the form."""
        self.page.context.add_cookies(
            [
                {
                    "name": self.site.session_cookie,
                    "value": self.site.sessions[username],
                    "url": self.site.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_load_state("load")

    def csp_violations(self) -> list[str]:
        violations: list[str] = self.page.evaluate("() => window.__lwCspViolations || []")
        return violations

    def problems(self) -> list[str]:
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"request failed: {m}" for m in self.failed_requests),
            *(f"error response: {m}" for m in self.error_responses),
            *(f"CSP violation: {m}" for m in self.csp_violations()),
        ]


CSP_LISTENER = """
window.__lwCspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__lwCspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
