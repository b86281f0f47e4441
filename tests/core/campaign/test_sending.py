"""The sending loop with a scripted gateway: retries, no retries on 400s, reconciliation,
claims, rate limiting."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from linewatch.core.campaign import Intent, NotifyError, RateLimiter, SendPolicy, deliver


class Script:
    """A gateway answering from a script: an exception to raise, or None to accept."""

    name = "script"

    def __init__(self, *answers: NotifyError | None, keeps_failed: bool = False) -> None:
        self.answers = list(answers)
        self.kept: dict[str, dict[str, Any]] = {}
        self.calls = 0
        self.keeps_failed = keeps_failed

    def send_sms(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> dict[str, Any]:
        self.calls += 1
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            if self.keeps_failed:
                self.kept[reference] = {"id": f"n{self.calls}", "reference": reference}
            raise answer
        self.kept[reference] = {"id": f"n{self.calls}", "reference": reference}
        return self.kept[reference]

    def find_by_reference(self, reference: str) -> dict[str, Any] | None:
        return self.kept.get(reference)

    def status(self, notification_id: str) -> dict[str, Any]:
        return {"id": notification_id, "status": "delivered"}


class Box:
    def __init__(self, *states: str, claim: bool = True) -> None:
        self.intents = [
            Intent(i, f"+4477009000{i:02d}", f"r{i}", {}, s) for i, s in enumerate(states)
        ]
        self.log: list[tuple[str, int]] = []
        self.claim = claim

    def pending(self) -> Iterator[Intent]:
        return iter(self.intents)

    def begin(self, intent: Intent) -> bool:
        self.log.append(("begin", intent.id))
        intent.state = "sending"
        return self.claim

    def sent(self, intent: Intent, notification: dict[str, Any], *, reconciled: bool) -> None:
        self.log.append(("reconciled" if reconciled else "sent", intent.id))

    def failed(self, intent: Intent, error: str, *, permanent: bool) -> None:
        self.log.append(("failed" if permanent else "deferred", intent.id))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _deliver(box: Box, gateway: Script, attempts: int = 3) -> Any:
    clock = Clock()
    policy = SendPolicy(rate_per_second=1000, max_attempts=attempts, backoff_seconds=1)
    report = deliver(box, gateway, "t", policy, limiter=RateLimiter(1000, clock, clock.sleep))
    return report, clock


def test_a_5xx_is_retried_with_growing_waits() -> None:
    gateway = Script(NotifyError(500, "boom"), NotifyError(503, "down"))
    report, clock = _deliver(Box("queued"), gateway)
    assert report.sent == 1
    assert gateway.calls == 3
    assert [s for s in clock.slept if s >= 1] == [1.0, 2.0]


def test_a_400_is_not_retried() -> None:
    box = Box("queued")
    report, _ = _deliver(box, Script(NotifyError(400, "Missing personalisation")))
    assert report.failed == 1
    assert box.log == [("begin", 0), ("failed", 0)]


def test_after_the_last_try_the_message_is_left_for_later() -> None:
    box = Box("queued")
    report, _ = _deliver(box, Script(*[NotifyError(500, "x")] * 3), attempts=3)
    assert report.deferred == 1
    assert box.log[-1] == ("deferred", 0)


def test_a_lost_answer_is_found_by_reference_not_sent_again() -> None:
    gateway = Script(NotifyError(503, "time-out"), keeps_failed=True)
    box = Box("queued")
    report, _ = _deliver(box, gateway)
    assert report.reconciled == 1
    assert gateway.calls == 1


def test_a_message_left_sending_is_reconciled_first() -> None:
    gateway = Script()
    gateway.kept["r0"] = {"id": "n0", "reference": "r0"}
    box = Box("sending", "sending")
    report, _ = _deliver(box, gateway)
    assert report.reconciled == 1  # r0 was at Notify
    assert report.sent == 1  # r1 was not: sent now
    assert gateway.calls == 1


def test_a_message_another_run_claimed_is_left_alone() -> None:
    gateway = Script()
    report, _ = _deliver(Box("queued", claim=False), gateway)
    assert report.claimed_elsewhere == 1
    assert gateway.calls == 0


def test_the_rate_limiter_spaces_calls() -> None:
    clock = Clock()
    limiter = RateLimiter(4, clock, clock.sleep)
    for _ in range(9):
        limiter.wait()
    assert 1.9 <= clock.now <= 2.1  # 9 calls at 4 a second: 2 seconds after the first
