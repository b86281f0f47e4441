"""``python -m bench campaign``: preparing a diversion campaign, and sending one.

**Prepare.** A synthetic contact list of N rows (default 10,000; target: under 5 s) as a seized
handset's download looks: UK mobiles written six ways, 15 % of rows repeating an earlier
number in another format, 2 % landlines, 1 % rubbish, and an exclusion list of 5 % of the
numbers. *Ours* is what ``linewatch campaign prepare --no-database`` does after start-up:
read both CSV files, normalise, de-duplicate, exclude, count (``linewatch.core.campaign``).
*The peer* is the naive loop: the same CSV reading, then ``phonenumbers.parse`` +
``is_valid_number`` + ``number_type`` + ``format_number`` for every row, a set for
duplicates and a set of the exclusion list parsed the same way. Same input, same counts
(checked), one run each after a warm-up; the number cache is cleared before ours.

**Send.** M messages (default 300) through the real Notify client to the local Notify test
server (``tests/notify_server.py``) at a configured rate (default 50 a second), with an
in-memory outbox: the achieved rate, and that the server accepted each number exactly once.
The drama range 07700 900000-900999 is used, so M is at most 1,000.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import phonenumbers

from linewatch.core.campaign import (
    Intent,
    NotifyGateway,
    RateLimiter,
    SendPolicy,
    check_number,
    deliver,
    prepare,
    read_contact_file,
)

DEFAULT_NUMBERS = 10_000
DEFAULT_SENDS = 300
DEFAULT_RATE = 50.0
TARGET_SECONDS = 5.0


def _written(national: str, rng: random.Random) -> str:
    zero = "0" + national
    return rng.choice(
        [
            zero,
            "+44" + national,
            f"{zero[:5]} {zero[5:]}",
            national,
            f"0044 {national[:4]} {national[4:]}",
            f"({zero[:5]}) {zero[5:8]} {zero[8:]}",
        ]
    )


def write_lists(directory: Path, rows: int, seed: int = 1) -> tuple[Path, Path]:
    rng = random.Random(seed)
    numbers: list[str] = []
    lines: list[tuple[str, str]] = []
    for index in range(rows):
        roll = rng.random()
        if roll < 0.15 and numbers:
            lines.append((_written(rng.choice(numbers), rng), f"again {index}"))
        elif roll < 0.17:
            lines.append((f"0116 496 {rng.randrange(10_000):04d}", f"landline {index}"))
        elif roll < 0.18:
            lines.append((rng.choice(["n/a", "unknown", "07", "+44"]), f"rubbish {index}"))
        else:
            national = f"7{rng.choice('4579')}{rng.randrange(10**8):08d}"
            numbers.append(national)
            lines.append((_written(national, rng), f"contact {index}"))
    contacts = directory / "contacts.csv"
    with contacts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["phone", "contact_name"])
        writer.writerows(lines)
    exclude = directory / "exclude.csv"
    with exclude.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["phone"])
        writer.writerows([["+44" + n] for n in rng.sample(numbers, len(numbers) // 20)])
    return contacts, exclude


def ours(contacts: Path, exclude: Path) -> dict[str, Any]:
    check_number.cache_clear()
    result = prepare(read_contact_file(contacts), [read_contact_file(exclude, need_rows=False)])
    return {"eligible": len(result.eligible), **result.removed}


def _naive(text: str) -> tuple[str, bool] | None:
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(number):
        return None
    kind = phonenumbers.number_type(number)
    mobile = kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    return e164, mobile


def peer(contacts: Path, exclude: Path) -> dict[str, Any]:
    with exclude.open(encoding="utf-8", newline="") as handle:
        excluded = {p[0] for row in csv.DictReader(handle) if (p := _naive(row["phone"]))}
    seen: set[str] = set()
    counts = dict.fromkeys(("eligible", "invalid", "duplicate", "excluded", "not_mobile"), 0)
    with contacts.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parsed = _naive(row["phone"])
            if parsed is None:
                counts["invalid"] += 1
            elif parsed[0] in seen:
                counts["duplicate"] += 1
            else:
                seen.add(parsed[0])
                if parsed[0] in excluded:
                    counts["excluded"] += 1
                elif not parsed[1]:
                    counts["not_mobile"] += 1
                else:
                    counts["eligible"] += 1
    return counts


def _timed(function: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def run_prepare(rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="linewatch-bench-campaign-") as scratch:
        contacts, exclude = write_lists(Path(scratch), rows)
        ours(contacts, exclude)  # warm-up (imports, metadata)
        peer(contacts, exclude)
        our_seconds, our_counts = _timed(ours, contacts, exclude)
        peer_seconds, peer_counts = _timed(peer, contacts, exclude)
    same = all(our_counts[key] == value for key, value in peer_counts.items())
    verdict = "under" if our_seconds < TARGET_SECONDS else "OVER"
    print(
        f"campaign prepare: {rows:,} numbers, ours {our_seconds:.3f} s, naive phonenumbers "
        f"loop {peer_seconds:.3f} s, ratio {peer_seconds / our_seconds:.1f}x faster "
        f"({verdict} the {TARGET_SECONDS:.0f} s target)",
        flush=True,
    )
    print(f"    counts: {our_counts}; same as the peer's: {same}", flush=True)
    if not same:
        print(f"    peer counts: {peer_counts}", flush=True)


class _MemoryOutbox:
    """The outbox kept in memory: the database is not what is measured here."""

    def __init__(self, count: int) -> None:
        personalisation = {"service_name": "Turning Point", "service_phone": "0116 496 0500"}
        self.intents = [
            Intent(i, f"+447700900{i:03d}", f"bench-{i}", personalisation) for i in range(count)
        ]
        self.done = 0
        self.lost = 0

    def pending(self) -> Iterator[Intent]:
        return iter(self.intents)

    def begin(self, intent: Intent) -> bool:
        intent.state = "sending"
        return True

    def sent(self, intent: Intent, notification: dict[str, Any], *, reconciled: bool) -> None:
        self.done += 1

    def failed(self, intent: Intent, error: str, *, permanent: bool) -> None:
        self.lost += 1


def run_send(count: int, rate: float) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from notify_server import API_KEY, TEMPLATE_ID, running_notify

    count = min(count, 1000)
    outbox = _MemoryOutbox(count)
    with running_notify(rate_limit_per_second=rate) as server:
        gateway = NotifyGateway(API_KEY, server.url, timeout=5)
        policy = SendPolicy(rate_per_second=rate, backoff_seconds=0.2)
        start = time.perf_counter()
        report = deliver(outbox, gateway, TEMPLATE_ID, policy, limiter=RateLimiter(rate))
        seconds = time.perf_counter() - start
        throttled = sum(1 for _, _, status in server.requests if status == 429)
        once = len(server.sends) == count and set(server.sends.values()) == {1}
    print(
        f"campaign send: {count} messages at a configured {rate:g}/s: achieved "
        f"{report.sent / seconds:.1f}/s in {seconds:.2f} s, "
        f"ratio {report.sent / seconds / rate:.2f} of the rate; {report.sent} sent, "
        f"{report.failed + report.deferred} lost, "
        f"{throttled} answered 429; each number accepted exactly once: {once}",
        flush=True,
    )


def run(
    rows: int = DEFAULT_NUMBERS, sends: int = DEFAULT_SENDS, rate: float = DEFAULT_RATE
) -> None:
    run_prepare(rows)
    if sends:
        run_send(sends, rate)
