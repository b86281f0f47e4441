"""When a stored run is stale, and rescoring it outside the page that found out.

Worklist pages only read the latest stored run of the viewer's agency and role
(:func:`stored_run`). A run is stale once records have changed since its inputs were read (one
stamp row, ``web/risk/freshness.py``) or it is older than ``LINEWATCH_RISK_MAX_AGE_HOURS``
(default 24). A page that finds it stale shows it with a notice and, with
``LINEWATCH_RISK_RESCORE = "background"`` (the default), starts the process's rescoring thread;
with ``"scheduled"`` it leaves it to ``linewatch score`` run by a scheduler. A run starts at most
every ``LINEWATCH_RISK_MIN_INTERVAL_SECONDS`` (default 300) per agency and role, so a stream of
new records does not keep the machine scoring.

Only one thread or process computes an agency's role at a time: :func:`rescore` first claims it
(one ``RiskRunClaim`` row per agency and role, unique), checks again that it is stale, and
releases the claim when its run is stored. A claim older than
``LINEWATCH_RISK_CLAIM_TIMEOUT_MINUTES`` (default 30) belongs to a process that died: the next
rescoring takes it over.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.db import IntegrityError, OperationalError, connections, transaction
from django.utils import timezone

from linewatch.web.risk.freshness import last_change
from linewatch.web.risk.models import RiskRun, RiskRunClaim
from linewatch.web.risk.records import Records, read_records
from linewatch.web.risk.runs import compute_run, current_stamp, viewers

logger = logging.getLogger(__name__)
Key = tuple[int, str]  # (agency id, role)
BACKGROUND, SCHEDULED = "background", "scheduled"


@dataclass(frozen=True)
class StoredRun:
    """What a worklist page shows: the latest run (if any) and whether it is up to date."""

    run: RiskRun | None
    stale: bool = False
    reason: str = ""  # "changed": records changed since; "old": past the maximum age
    rescoring: bool = False  # a new run is being computed (or starts as soon as it can)
    next_start: datetime | None = None  # too soon after the last run: the next may start then


@dataclass
class Rescored:
    """What :func:`rescore` did: the runs stored, and the keys another process had claimed."""

    runs: list[RiskRun] = field(default_factory=list)
    busy: list[Key] = field(default_factory=list)
    records: Records | None = None


def _setting(name: str) -> float:
    """A number from the settings (defaults and environment names: web/settings.py)."""
    return float(getattr(settings, name))


def mode() -> str:
    chosen = str(settings.LINEWATCH_RISK_RESCORE)
    if chosen not in (BACKGROUND, SCHEDULED):
        raise ValueError(
            f"LINEWATCH_RISK_RESCORE is {chosen!r}; use {BACKGROUND!r} or {SCHEDULED!r}"
        )
    return chosen


def staleness(run: RiskRun | None) -> str:
    """Why ``run`` is stale ("none", "changed", "old"), or "" when it is up to date."""
    if run is None:
        return "none"
    changed, seen = last_change(), run.records_changed_at
    if changed is None or seen is None or changed > seen:
        return "changed"
    max_age = timedelta(hours=_setting("LINEWATCH_RISK_MAX_AGE_HOURS"))
    return "old" if run.computed_at < timezone.now() - max_age else ""


def latest_run(key: Key) -> RiskRun | None:
    agency_id, role = key
    return RiskRun.objects.filter(agency_id=agency_id, role=role).first()


def stored_run(user: Any, *, in_request: bool = False) -> StoredRun:
    """The latest run for the user's agency and role; if stale, a new one is started (when
    ``in_request``, once the response has been sent, so the page's own writes go first)."""
    key = (user.agency_id, user.role)
    run = latest_run(key)
    reason = staleness(run)
    if not reason:
        return StoredRun(run)
    if claim_held(key):
        return StoredRun(run, True, reason, rescoring=True)
    if mode() == SCHEDULED:
        return StoredRun(run, True, reason)
    interval = timedelta(seconds=_setting("LINEWATCH_RISK_MIN_INTERVAL_SECONDS"))
    if run is not None and run.computed_at > timezone.now() - interval:
        return StoredRun(run, True, reason, next_start=run.computed_at + interval)
    if in_request:
        _after_response.wanted = True
    else:
        start_background()
    return StoredRun(run, True, reason, rescoring=True)


# ------------------------------------------------------------------------------ claims


def _timeout() -> timedelta:
    return timedelta(minutes=_setting("LINEWATCH_RISK_CLAIM_TIMEOUT_MINUTES"))


def claim(key: Key) -> str | None:
    """Claim ``key`` for this thread (a token), or ``None`` if another holds a live claim."""
    agency_id, role = key
    token = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"
    now = timezone.now()
    claims = RiskRunClaim.objects.filter(agency_id=agency_id, role=role)
    try:
        try:
            with transaction.atomic():
                RiskRunClaim.objects.create(
                    agency_id=agency_id, role=role, claimed_at=now, claimed_by=token
                )
            return token
        except IntegrityError:  # claimed already: take it over only if it is stale
            taken = claims.filter(claimed_at__lt=now - _timeout()).update(
                claimed_at=now, claimed_by=token
            )
            return token if taken else None
    except OperationalError:  # the database is locked by another writer: not now
        logger.info("could not claim rescoring of %s: database busy", key)
        return None


def renew(key: Key, token: str) -> None:
    """Still working on ``key``: keep the claim from looking stale."""
    agency_id, role = key
    RiskRunClaim.objects.filter(agency_id=agency_id, role=role, claimed_by=token).update(
        claimed_at=timezone.now()
    )


def release(key: Key, token: str) -> None:
    agency_id, role = key
    RiskRunClaim.objects.filter(agency_id=agency_id, role=role, claimed_by=token).delete()


def claim_held(key: Key) -> bool:
    """Whether a live claim on ``key`` exists (someone is computing it now)."""
    agency_id, role = key
    return RiskRunClaim.objects.filter(
        agency_id=agency_id, role=role, claimed_at__gte=timezone.now() - _timeout()
    ).exists()


# ------------------------------------------------------------------------------ rescoring


def rescore(
    keys: Collection[Key] | None = None,
    *,
    stale_only: bool = True,
    records: Records | None = None,
    stamp: datetime | None = None,
) -> Rescored:
    """Compute the runs of every agency and role with active users (or only ``keys``) that
    no one else is computing, from one read of the records; with ``stale_only``, only those
    whose latest run is stale. ``records`` (with the ``stamp`` read before them) saves the
    read."""
    chosen = {k: u for k, u in viewers().items() if keys is None or k in keys}
    done = Rescored()
    claimed: dict[Key, str] = {}
    try:
        for key in chosen:
            token = claim(key)
            if token is None:
                done.busy.append(key)
            elif stale_only and not staleness(latest_run(key)):
                release(key, token)  # computed meanwhile by whoever held it
            else:
                claimed[key] = token
        if claimed and records is None:
            stamp = current_stamp()  # before the records, so changes meanwhile make it stale
            records = read_records()
        done.records = records
        for key in list(claimed):
            renew(key, claimed[key])
            done.runs.append(compute_run(chosen[key], records=records, stamp=stamp))
            release(key, claimed.pop(key))
    finally:
        for key, token in claimed.items():
            release(key, token)
    return done


_lock = threading.Lock()
_wanted = threading.Event()
_thread: threading.Thread | None = None
_after_response = threading.local()  # .wanted: start the thread when this request ends


def _start_after_response(**_: Any) -> None:
    if getattr(_after_response, "wanted", False):
        _after_response.wanted = False
        start_background()


request_finished.connect(_start_after_response, dispatch_uid="risk-rescore-after-response")


def start_background() -> threading.Thread:
    """Rescore the stale runs in this process's rescoring thread (started if not running)."""
    global _thread
    with _lock:
        _wanted.set()
        if _thread is None:
            _thread = threading.Thread(target=_background, name="linewatch-rescoring", daemon=True)
            _thread.start()
        return _thread


def wait_for_background(timeout: float | None = None) -> None:
    """Wait until the rescoring thread, if any, has finished."""
    thread = _thread
    if thread is not None:
        thread.join(timeout)


def _background() -> None:
    global _thread
    # Below the web threads' priority on Linux, where a thread has its own nice value.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    try:
        while True:
            with _lock:
                if not _wanted.is_set():
                    _thread = None  # under the lock: a request now starts a new thread
                    return
                _wanted.clear()
            try:
                rescore()
            except Exception:  # a page must never see this: log it, the next view retries
                logger.exception("rescoring the worklists failed")
    finally:
        with _lock:
            if _thread is threading.current_thread():
                _thread = None
        connections.close_all()


__all__ = [
    "Rescored",
    "StoredRun",
    "claim",
    "claim_held",
    "release",
    "rescore",
    "start_background",
    "stored_run",
    "wait_for_background",
]
