"""Notify settings, read from Django settings first, then the environment.

``LINEWATCH_NOTIFY_API_KEY``         a Notify API key; without one, messages are only logged
``LINEWATCH_NOTIFY_BASE_URL``        default ``https://api.notifications.service.gov.uk``
``LINEWATCH_NOTIFY_TEMPLATE_ID``     the SMS template's id in Notify
``LINEWATCH_NOTIFY_RATE_PER_SECOND`` sends a second (default 10)
``LINEWATCH_NOTIFY_MAX_ATTEMPTS``    tries per message on 5xx/time-outs (default 4)
``LINEWATCH_NOTIFY_BACKOFF_SECONDS`` first wait between tries, doubled each time (default 1)
``LINEWATCH_NOTIFY_TIMEOUT``         seconds to wait for Notify's answer (default 30)
``LINEWATCH_NOTIFY_ALLOW_SIMULATED`` ``1`` lets numbers from a simulated scenario go to a
                                     Notify test server (never to Notify's own API)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from linewatch.core.campaign import NOTIFY_BASE_URL, SendPolicy

DEFAULT_TEMPLATE_ID = "log-only-diversion-template"
DEFAULT_TEMPLATE = (
    "Free, confidential help with drugs or alcohol is available near you: ((service_name)), "
    "call ((service_phone)). Reply STOP to opt out."
)


def _setting(name: str, default: Any = None) -> Any:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    return default if value in (None, "") else value


@dataclass(frozen=True)
class NotifyConfig:
    api_key: str
    base_url: str
    template_id: str
    timeout: float
    allow_simulated: bool
    policy: SendPolicy

    @property
    def backend(self) -> str:
        return "notify" if self.api_key else "log-only"

    @property
    def is_notify_itself(self) -> bool:
        return self.base_url.rstrip("/") == NOTIFY_BASE_URL


def notify_config() -> NotifyConfig:
    return NotifyConfig(
        api_key=str(_setting("LINEWATCH_NOTIFY_API_KEY", "")),
        base_url=str(_setting("LINEWATCH_NOTIFY_BASE_URL", NOTIFY_BASE_URL)),
        template_id=str(_setting("LINEWATCH_NOTIFY_TEMPLATE_ID", DEFAULT_TEMPLATE_ID)),
        timeout=float(_setting("LINEWATCH_NOTIFY_TIMEOUT", 30)),
        allow_simulated=str(_setting("LINEWATCH_NOTIFY_ALLOW_SIMULATED", "")).lower()
        in ("1", "true", "yes"),
        policy=SendPolicy(
            rate_per_second=float(_setting("LINEWATCH_NOTIFY_RATE_PER_SECOND", 10)),
            max_attempts=int(_setting("LINEWATCH_NOTIFY_MAX_ATTEMPTS", 4)),
            backoff_seconds=float(_setting("LINEWATCH_NOTIFY_BACKOFF_SECONDS", 1)),
        ),
    )
