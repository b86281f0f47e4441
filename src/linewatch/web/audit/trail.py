"""Writing to and checking the audit trail. Every view that shows or changes a record calls
:func:`record`; nothing else writes audit events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from linewatch.web.accounts.models import User
from linewatch.web.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def record(
    action: str,
    object_type: str,
    object_ids: Iterable[Any],
    summary: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    justification: str = "",
    recipients: str = "",
) -> AuditEvent:
    """Append one event to the trail (in its own atomic block, chained to the last one)."""
    if request is not None and user is None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    event = AuditEvent(
        at=timezone.now(),
        user=user if isinstance(user, User) else None,  # an API client has none
        username=getattr(user, "username", "") if user else "",
        agency_code=user.agency.code if user is not None and user.agency_id else "",
        role=getattr(user, "role", "") if user else "",
        action=action,
        object_type=object_type,
        object_ids=[str(i) for i in object_ids][:1000],
        summary=summary[:300],
        justification=justification[:500],
        recipients=recipients[:300],
        path=request.get_full_path()[:300] if request is not None else "",
        remote_addr=request.META.get("REMOTE_ADDR") if request is not None else None,
    )
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS, "length": 0}
        )
        event.previous_hash = head.last_hash
        event.entry_hash = event.compute_hash()
        event.save()
        head.last_hash = event.entry_hash
        head.length += 1
        head.save(update_fields=["last_hash", "length"])
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain() -> ChainReport:
    """Walk the trail in order and check every link; report each break by entry id."""
    problems: list[str] = []
    previous = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if event.previous_hash != previous:
            problems.append(
                f"entry {event.id}: links to {event.previous_hash[:12]}… but the entry before it "
                f"hashes to {previous[:12]}… (an entry was removed or reordered)"
            )
        if event.compute_hash() != event.entry_hash:
            problems.append(f"entry {event.id}: its content does not match its hash (altered)")
        previous = event.entry_hash
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != previous or head.length != checked):
        problems.append(
            f"the chain head records {head.length} entries ending {head.last_hash[:12]}…, but "
            f"{checked} entries ending {previous[:12]}… were found (entries were removed)"
        )
    return ChainReport(checked=checked, problems=problems)
