"""Sending a campaign's messages: at most once per number, at a steady rate, with retries.

The protocol that keeps a crash from sending a message twice (or skipping one):

1. Every message is an *intent* stored before anything is sent, one per (campaign, number),
   with a deterministic Notify ``reference``.
2. Before each call to Notify the intent is marked ``sending`` **and committed**
   (:meth:`Outbox.begin`, a compare-and-set: two runs started together never both claim a
   queued message). Only then is Notify called; its answer marks it ``sent``.
3. A run that finds an intent already ``sending`` (an earlier run stopped between 2 and its
   answer) first asks Notify for a notification with that reference and, when there is one,
   records it instead of sending again. The same lookup precedes every retry after a time-out
   or a 5xx, because Notify may have accepted a message whose answer was lost.

Retries: a 5xx, a time-out (the client reports it as 503) or a 429 is retried with exponential
backoff, up to :attr:`SendPolicy.max_attempts`; any other 4xx (a bad number, missing
personalisation, a bad key) is permanent and never retried. The rate limiter is a token bucket
at :attr:`SendPolicy.rate_per_second`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "DeliveryReport",
    "Gateway",
    "Intent",
    "NotifyError",
    "Outbox",
    "RateLimiter",
    "SendPolicy",
    "deliver",
]

Notification = dict[str, Any]


class NotifyError(Exception):
    """Notify (or the way to it) refused or failed a request."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(f"{status_code}: {message}")
        self.status_code = status_code
        self.message = message

    @property
    def retryable(self) -> bool:
        return self.status_code >= 500 or self.status_code == 429


class Gateway(Protocol):
    """What sending needs from GOV.UK Notify (or a stand-in for it)."""

    name: str

    def send_sms(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> Notification: ...

    def find_by_reference(self, reference: str) -> Notification | None: ...

    def status(self, notification_id: str) -> Notification: ...


@dataclass
class Intent:
    """One message to send: the number, its personalisation and its Notify reference."""

    id: int
    e164: str
    reference: str
    personalisation: dict[str, str]
    state: str = "queued"  # queued | sending | deferred


class Outbox(Protocol):
    """Where intents are kept; each method commits before it returns."""

    def pending(self) -> Iterable[Intent]: ...

    def begin(self, intent: Intent) -> bool:
        """Mark the intent ``sending`` and commit; False when another run claimed it first."""
        ...

    def sent(self, intent: Intent, notification: Notification, *, reconciled: bool) -> None: ...

    def failed(self, intent: Intent, error: str, *, permanent: bool) -> None: ...


@dataclass(frozen=True)
class SendPolicy:
    rate_per_second: float = 10.0
    max_attempts: int = 4
    backoff_seconds: float = 1.0
    backoff_cap_seconds: float = 30.0

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1, 2, 4… capped)."""
        return float(min(self.backoff_cap_seconds, self.backoff_seconds * 2 ** (attempt - 1)))


class RateLimiter:
    """A token bucket: at most ``rate`` calls a second on average, bursts of one second."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"the send rate must be above 0 a second, not {rate}")
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = 1.0
        self.clock = clock
        self.sleep = sleep
        self.updated = clock()

    def wait(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            self.sleep((1 - self.tokens) / self.rate)
            self.updated = self.clock()
            self.tokens = 1.0
        self.tokens -= 1


@dataclass
class DeliveryReport:
    sent: int = 0
    reconciled: int = 0
    failed: int = 0
    deferred: int = 0
    unresolved: int = 0
    claimed_elsewhere: int = 0
    attempts: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.sent} sent"]
        if self.reconciled:
            parts.append(f"{self.reconciled} found already sent")
        if self.failed:
            parts.append(f"{self.failed} refused by Notify")
        if self.deferred:
            parts.append(f"{self.deferred} to retry later")
        if self.unresolved:
            parts.append(f"{self.unresolved} to check with Notify later")
        return ", ".join(parts)


def _lookup(gateway: Gateway, reference: str) -> tuple[bool, Notification | None]:
    """(could ask, what Notify holds under that reference)."""
    try:
        return True, gateway.find_by_reference(reference)
    except NotifyError:
        return False, None


def _send_one(
    intent: Intent,
    outbox: Outbox,
    gateway: Gateway,
    template_id: str,
    policy: SendPolicy,
    limiter: RateLimiter,
    report: DeliveryReport,
) -> None:
    if intent.state == "sending":
        asked, found = _lookup(gateway, intent.reference)
        if not asked:
            report.unresolved += 1
            return
        if found is not None:
            outbox.sent(intent, found, reconciled=True)
            report.reconciled += 1
            return
    last_error = ""
    for attempt in range(1, policy.max_attempts + 1):
        limiter.wait()
        if not outbox.begin(intent):
            report.claimed_elsewhere += 1  # another run is sending it: leave it to that one
            return
        report.attempts += 1
        try:
            notification = gateway.send_sms(
                intent.e164, template_id, intent.personalisation, intent.reference
            )
        except NotifyError as error:
            last_error = str(error)
            if not error.retryable:
                outbox.failed(intent, last_error, permanent=True)
                report.failed += 1
                report.errors.append(f"{intent.reference}: {last_error}")
                return
            limiter.sleep(policy.backoff(attempt))
            asked, found = _lookup(gateway, intent.reference)
            if not asked:
                report.unresolved += 1  # stays "sending": the next run asks Notify first
                report.errors.append(f"{intent.reference}: {last_error}; Notify unreachable")
                return
            if found is not None:
                outbox.sent(intent, found, reconciled=True)
                report.reconciled += 1
                return
            continue
        outbox.sent(intent, notification, reconciled=False)
        report.sent += 1
        return
    outbox.failed(intent, last_error, permanent=False)
    report.deferred += 1
    report.errors.append(f"{intent.reference}: {last_error} (after {policy.max_attempts} tries)")


def deliver(
    outbox: Outbox,
    gateway: Gateway,
    template_id: str,
    policy: SendPolicy = SendPolicy(),
    *,
    limiter: RateLimiter | None = None,
) -> DeliveryReport:
    """Send every pending intent of the outbox (see the module docstring for the guarantees)."""
    limiter = limiter or RateLimiter(policy.rate_per_second)
    report = DeliveryReport()
    for intent in outbox.pending():
        _send_one(intent, outbox, gateway, template_id, policy, limiter, report)
    return report
