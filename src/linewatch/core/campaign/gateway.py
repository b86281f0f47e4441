"""The two ways out: GOV.UK Notify through its Python client, or a log that sends nothing.

:class:`LogOnlyGateway` is the default: it records what would have been sent (body and all)
and answers as Notify would, so a campaign can be rehearsed end to end on a laptop.
:class:`NotifyGateway` is used when an API key is configured; it turns the client's errors
into :class:`~linewatch.core.campaign.sending.NotifyError` with Notify's status code (the
client reports a time-out or a refused connection as 503).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from linewatch.core.campaign.sending import Notification, NotifyError
from linewatch.core.campaign.template import fill

__all__ = [
    "NOTIFY_BASE_URL",
    "STOP_WORDS",
    "LogOnlyGateway",
    "NotifyGateway",
    "is_stop",
    "message_reference",
]

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
#: Replies that mean "no more messages" (Notify passes replies on; acting on them is ours).
STOP_WORDS = frozenset({"stop", "stopall", "unsubscribe", "end", "quit", "cancel", "optout"})
log = logging.getLogger("linewatch.campaign")


def is_stop(text: str) -> bool:
    """Whether a reply asks for no more messages: 'STOP', 'stop.', 'Stop all', 'opt out'…"""
    words = "".join(ch for ch in text.casefold() if ch.isalnum() or ch.isspace()).split()
    return bool(words) and ("".join(words[:2]) in STOP_WORDS or words[0] in STOP_WORDS)


def message_reference(campaign_key: str, e164: str) -> str:
    """The deterministic Notify reference of one campaign's message to one number (it names
    neither the number nor the campaign in clear)."""
    digest = hashlib.sha256(f"{campaign_key}|{e164}".encode()).hexdigest()[:24]
    return f"lw-{digest}"


def _notify_error(error: Exception) -> NotifyError:
    status = int(getattr(error, "status_code", 503) or 503)
    message = getattr(error, "message", None) or str(error)
    if isinstance(message, list):
        message = "; ".join(str(item.get("message", item)) for item in message)
    return NotifyError(status, str(message))


class NotifyGateway:
    """GOV.UK Notify, through ``notifications_python_client.NotificationsAPIClient``."""

    name = "notify"

    def __init__(self, api_key: str, base_url: str = NOTIFY_BASE_URL, timeout: float = 30) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        client_class: Any = NotificationsAPIClient
        self.base_url = base_url
        self.client: Any = client_class(api_key, base_url=base_url, timeout=timeout)

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        from notifications_python_client.errors import APIError

        try:
            return getattr(self.client, method)(*args, **kwargs)
        except APIError as error:
            raise _notify_error(error) from error

    def send_sms(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> Notification:
        result: Notification = self._call(
            "send_sms_notification",
            phone_number=phone_number,
            template_id=template_id,
            personalisation=dict(personalisation),
            reference=reference,
        )
        return result

    def find_by_reference(self, reference: str) -> Notification | None:
        found = self._call("get_all_notifications", template_type="sms", reference=reference)
        notifications = found.get("notifications") or []
        return dict(notifications[0]) if notifications else None

    def status(self, notification_id: str) -> Notification:
        result: Notification = self._call("get_notification_by_id", notification_id)
        return result

    def received_texts(self) -> Iterator[dict[str, Any]]:
        """Replies to the service's number, newest first (each has user_number, content).

        Paged by hand: the client's own iterator fails on the last page, which has no
        ``next`` link."""
        older_than = None
        while True:
            page = self._call("get_received_texts", older_than=older_than)
            texts = page.get("received_text_messages") or []
            yield from texts
            if not texts or not (page.get("links") or {}).get("next"):
                return
            older_than = texts[-1]["id"]


@dataclass
class LogOnlyGateway:
    """Sends nothing: keeps (and logs) each message it would have sent."""

    template: str = ""
    name: str = "log-only"
    messages: list[Notification] = field(default_factory=list)

    def send_sms(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> Notification:
        body = fill(self.template, personalisation) if self.template else ""
        notification: Notification = {
            "id": str(uuid.uuid4()),
            "reference": reference,
            "content": {"body": body, "from_number": "log-only"},
            "template": {"id": template_id, "version": 1},
            "status": "logged",
            "phone_number": phone_number,
        }
        self.messages.append(notification)
        log.info("log-only: would send %s to %s (reference %s)", template_id, "***", reference)
        return notification

    def find_by_reference(self, reference: str) -> Notification | None:
        for message in self.messages:
            if message["reference"] == reference:
                return message
        return None

    def status(self, notification_id: str) -> Notification:
        for message in self.messages:
            if message["id"] == notification_id:
                return message
        return {"id": notification_id, "status": "logged"}

    def received_texts(self) -> Iterator[dict[str, Any]]:
        return iter(())
