"""Sending a campaign with the real Notify client against the local Notify test server."""

from __future__ import annotations

from typing import Any

import pytest
from notifications_python_client.notifications import NotificationsAPIClient

from linewatch.core.campaign import NotifyError, NotifyGateway
from linewatch.web.audit.models import AuditEvent
from linewatch.web.messaging import campaigns
from linewatch.web.messaging.models import Campaign, Message, OptOut
from notify_server import API_KEY, SERVICE_ID, TEMPLATE_ID, NotifyServer

pytestmark = pytest.mark.django_db


def _campaign(demo_users: dict[str, Any], handset_import: Any, service: Any) -> Campaign:
    return campaigns.create_campaign(
        demo_users["police.analyst"],
        handset_import,
        name="Op Test diversion",
        area_code="E07000130",
        service=service,
    )


def test_the_server_checks_auth_like_notify(notify: NotifyServer) -> None:
    wrong_secret = f"key-{SERVICE_ID}-00000000-0000-0000-0000-000000000000"
    client = NotificationsAPIClient(wrong_secret, base_url=notify.url)
    with pytest.raises(Exception, match="403"):
        client.send_sms_notification("07700900001", TEMPLATE_ID, {"service_name": "x"})
    assert notify.accepted == 0


def test_missing_personalisation_is_a_400_and_never_retried(notify: NotifyServer) -> None:
    gateway = NotifyGateway(API_KEY, notify.url)
    with pytest.raises(NotifyError) as refused:
        gateway.send_sms("07700900001", TEMPLATE_ID, {"service_name": "x"}, "ref-1")
    assert refused.value.status_code == 400
    assert "service_phone" in refused.value.message
    assert not refused.value.retryable


def test_a_prepared_campaign_counts_every_reason(
    demo_users: dict[str, Any], handset_import: Any, service: Any
) -> None:
    campaign = _campaign(demo_users, handset_import, service)
    assert campaign.preparation["input_rows"] == 21
    assert campaign.preparation["eligible"] == 20
    assert campaign.preparation["database_checks"] is True
    assert campaign.preparation["removed"]["not_mobile"] == 1
    assert "Turning Point Charnwood" in campaigns.preview(campaign)


def test_the_campaign_is_sent_once_to_each_number_and_audited(
    demo_users: dict[str, Any], handset_import: Any, service: Any, notify_settings: NotifyServer
) -> None:
    campaign = _campaign(demo_users, handset_import, service)
    report = campaigns.send_campaign(campaign, user=demo_users["police.analyst"])
    assert report.sent == 20
    assert len(notify_settings.sends) == 20
    assert set(notify_settings.sends.values()) == {1}
    assert campaign.status == "sent"
    sent = Message.objects.filter(campaign=campaign, state="sent")
    assert sent.count() == 20
    assert all(m.body.startswith("Free, confidential help") for m in sent)
    disclosure = AuditEvent.objects.get(action="disclosure", object_type="campaign")
    assert "GOV.UK Notify" in disclosure.recipients
    # Sending again sends nothing more.
    again = campaigns.send_campaign(campaign, user=demo_users["police.analyst"])
    assert again.sent == 0
    assert notify_settings.accepted == 20


def test_5xx_and_time_outs_are_retried_without_sending_twice(
    demo_users: dict[str, Any], handset_import: Any, service: Any, notify_settings: NotifyServer
) -> None:
    campaign = _campaign(demo_users, handset_import, service)
    notify_settings.fail_next(2)  # refused outright
    notify_settings.fail_next(1, accept=True)  # Notify kept it, but the answer was a 500
    notify_settings.stall_next(1, accept=True, seconds=1.5)  # kept it, answered too late
    report = campaigns.send_campaign(campaign)
    assert report.sent + report.reconciled == 20
    assert report.reconciled == 2
    assert set(notify_settings.sends.values()) == {1}
    assert len(notify_settings.sends) == 20


def test_a_bad_number_is_refused_and_the_rest_still_go(
    demo_users: dict[str, Any], handset_import: Any, service: Any, notify_settings: NotifyServer
) -> None:
    notify_settings.templates[TEMPLATE_ID] += " ((missing_field))"
    campaign = _campaign(demo_users, handset_import, service)
    report = campaigns.send_campaign(campaign)
    assert report.failed == 20
    assert report.sent == 0
    failed = Message.objects.filter(campaign=campaign, state="failed").first()
    assert failed is not None
    assert "missing_field" in failed.last_error
    assert failed.attempts == 1  # a 400 is never retried


def test_delivery_status_is_polled(
    demo_users: dict[str, Any], handset_import: Any, service: Any, notify_settings: NotifyServer
) -> None:
    campaign = _campaign(demo_users, handset_import, service)
    campaigns.send_campaign(campaign)
    notify_settings.deliver_all("delivered")
    assert campaigns.refresh_statuses(campaign) == 20
    assert set(campaign.messages.values_list("notify_status", flat=True)) == {"delivered"}


def test_a_stop_reply_opts_the_number_out_of_the_next_campaign(
    demo_users: dict[str, Any], handset_import: Any, service: Any, notify_settings: NotifyServer
) -> None:
    first = _campaign(demo_users, handset_import, service)
    campaigns.send_campaign(first)
    notify_settings.reply("07700900003", "STOP")
    notify_settings.reply("07700900004", "who is this?")
    assert campaigns.record_replies() == 1
    assert OptOut.objects.filter(e164="+447700900003", campaign=first).exists()
    second = _campaign(demo_users, handset_import, service)
    assert second.preparation["removed"]["opted_out"] == 1
    assert second.preparation["eligible"] == 19


def test_without_a_key_messages_are_only_logged(
    demo_users: dict[str, Any], handset_import: Any, service: Any, notify: NotifyServer
) -> None:
    campaign = _campaign(demo_users, handset_import, service)
    report = campaigns.send_campaign(campaign)
    assert report.sent == 20
    assert notify.accepted == 0
    assert set(campaign.messages.values_list("backend", flat=True)) == {"log-only"}
    assert AuditEvent.objects.get(action="disclosure").recipients.startswith("nobody")


def test_an_all_excluded_list_is_refused(
    demo_users: dict[str, Any], handset_import: Any, service: Any
) -> None:
    for number in range(1, 21):
        OptOut.objects.create(e164=f"+447700900{number:03d}", recorded_at="2026-01-01T00:00Z")
    campaign = _campaign(demo_users, handset_import, service)
    with pytest.raises(campaigns.CampaignRefused, match="nobody to send to"):
        campaigns.send_campaign(campaign)


def test_a_simulated_scenario_is_never_sent_to_notify(
    demo_users: dict[str, Any],
    handset_import: Any,
    service: Any,
    notify_settings: NotifyServer,
    settings: Any,
) -> None:
    from linewatch.web.messaging.models import SimulatedFeedFile

    SimulatedFeedFile.objects.create(checksum=handset_import.checksum, scenario="scenario-dir")
    campaign = _campaign(demo_users, handset_import, service)
    assert campaign.simulated
    with pytest.raises(campaigns.CampaignRefused, match="never sent to Notify"):
        campaigns.send_campaign(campaign)
    settings.LINEWATCH_NOTIFY_ALLOW_SIMULATED = "1"
    settings.LINEWATCH_NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
    with pytest.raises(campaigns.CampaignRefused, match="only go to a test server"):
        campaigns.send_campaign(campaign)
    assert notify_settings.accepted == 0
    settings.LINEWATCH_NOTIFY_BASE_URL = notify_settings.url
    assert campaigns.send_campaign(campaign).sent == 20
