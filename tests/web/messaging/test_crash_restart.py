"""A campaign half-sent when the process dies, then restarted: nothing sent twice, nothing
skipped. The database is really committed (a transactional test), the Notify client is the
real one and the server counts what it accepted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from linewatch.core.campaign import NotifyGateway
from linewatch.web.messaging import campaigns
from linewatch.web.messaging.models import Message
from notify_server import API_KEY, NotifyServer

pytestmark = pytest.mark.django_db(transaction=True)


class Crash(BaseException):
    """The process dying: not an error anything in Linewatch catches."""


class DiesAfter(NotifyGateway):
    """The real gateway, killed just after Notify accepted its N-th message (before Linewatch
    could record the answer: the worst moment)."""

    def __init__(self, sends: int, url: str) -> None:
        super().__init__(API_KEY, url, timeout=2)
        self.left = sends

    def send_sms(
        self,
        phone_number: str,
        template_id: str,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> dict[str, Any]:
        answer = super().send_sms(phone_number, template_id, personalisation, reference)
        self.left -= 1
        if self.left == 0:
            raise Crash
        return answer


def test_a_crash_half_way_neither_resends_nor_skips(
    demo_users: dict[str, Any], handset_import: Any, service: Any, notify_settings: NotifyServer
) -> None:
    campaign = campaigns.create_campaign(
        demo_users["police.analyst"],
        handset_import,
        name="Crash test",
        area_code="E07000130",
        service=service,
    )
    with pytest.raises(Crash):
        campaigns.send_campaign(campaign, gateway=DiesAfter(10, notify_settings.url))
    assert notify_settings.accepted == 10
    states = dict.fromkeys(("sent", "sending", "queued"), 0)
    for state in Message.objects.filter(campaign=campaign).values_list("state", flat=True):
        states[state] += 1
    assert states == {"sent": 9, "sending": 1, "queued": 10}

    report = campaigns.send_campaign(campaign)  # the restart, with the ordinary gateway

    assert report.reconciled == 1  # the message in flight was found by its reference
    assert report.sent == 10
    assert len(notify_settings.sends) == 20
    assert set(notify_settings.sends.values()) == {1}
    assert Message.objects.filter(campaign=campaign, state="sent").count() == 20
    campaign.refresh_from_db()
    assert campaign.status == "sent"
