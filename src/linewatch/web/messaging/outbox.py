"""A campaign's messages as the :class:`~linewatch.core.campaign.Outbox` that sending uses.

Each method runs in its own transaction and commits before returning, so the ``sending`` mark
is in the database before Notify is called (see :mod:`linewatch.core.campaign.sending`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from linewatch.core.campaign import Intent
from linewatch.web.messaging.models import Campaign, Message

PENDING = ("queued", "sending", "deferred")


class CampaignOutbox:
    def __init__(self, campaign: Campaign, backend: str) -> None:
        self.campaign = campaign
        self.backend = backend

    def pending(self) -> Iterator[Intent]:
        ids = list(
            Message.objects.filter(campaign=self.campaign, state__in=PENDING)
            .order_by("id")
            .values_list("id", flat=True)
        )
        for message_id in ids:
            message = Message.objects.filter(pk=message_id, state__in=PENDING).first()
            if message is not None:  # another run may have sent it meanwhile
                yield Intent(
                    message.pk,
                    message.e164,
                    message.reference,
                    dict(message.personalisation),
                    message.state,
                )

    def begin(self, intent: Intent) -> bool:
        # Compare-and-set on the state this run read: a queued message is claimed by one run
        # only. (Two restarts racing over the same left-over "sending" message both ask
        # Notify by reference first; that narrow case is not locked.)
        with transaction.atomic():
            claimed = Message.objects.filter(pk=intent.id, state=intent.state).update(
                state="sending", attempts=F("attempts") + 1, backend=self.backend
            )
        intent.state = "sending"
        return claimed == 1

    def sent(self, intent: Intent, notification: dict[str, Any], *, reconciled: bool) -> None:
        content = notification.get("content") or {}
        with transaction.atomic():
            Message.objects.filter(pk=intent.id).update(
                state="sent",
                notification_id=str(notification.get("id", ""))[:64],
                notify_status=str(notification.get("status") or "created")[:30],
                body=str(content.get("body") or notification.get("body") or ""),
                last_error="",
                sent_at=timezone.now(),
            )

    def failed(self, intent: Intent, error: str, *, permanent: bool) -> None:
        with transaction.atomic():
            Message.objects.filter(pk=intent.id).update(
                state="failed" if permanent else "deferred", last_error=error[:300]
            )
