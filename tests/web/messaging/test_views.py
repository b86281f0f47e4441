"""The campaign pages: who may use them, the counts and preview, sending, the directory."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from linewatch.web.audit.models import AuditEvent
from linewatch.web.messaging.models import Campaign, TreatmentService

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_police_analysts_run_campaigns(demo_users: dict[str, Any]) -> None:
    for username in ("police.officer", "charnwood.practitioner", "recovery.worker", "police.admin"):
        client = _client(demo_users[username])
        assert client.get(reverse("messaging:list")).status_code == 403, username
        assert client.get(reverse("messaging:new")).status_code == 403, username
    assert _client(demo_users["police.analyst"]).get(reverse("messaging:list")).status_code == 200


def test_an_analyst_prepares_previews_and_sends_a_campaign(
    demo_users: dict[str, Any], handset_import: Any, service: Any
) -> None:
    client = _client(demo_users["police.analyst"])
    page = client.get(reverse("messaging:new")).content.decode()
    assert "handset.csv" in page
    response = client.post(
        reverse("messaging:new"),
        {"source": handset_import.pk, "name": "Op Birch", "area": "E07000130", "service": ""},
    )
    campaign = Campaign.objects.get(name="Op Birch")
    assert response.status_code == 302
    assert campaign.service == service  # chosen by the area
    html = client.get(reverse("messaging:detail", args=[campaign.pk])).content.decode()
    assert 'id="eligible-count">20<' in html
    assert "Not a mobile" in html
    assert "Turning Point Charnwood, call 0116 496 0500" in html
    response = client.post(reverse("messaging:send", args=[campaign.pk]), follow=True)
    html = response.content.decode()
    assert "Campaign logged: 20 messages recorded; nothing left Linewatch" in html
    assert "07700 900001" in html
    assert AuditEvent.objects.filter(action="disclosure", object_type="campaign").exists()
    assert AuditEvent.objects.filter(action="consultation", object_type="campaign").exists()


def test_the_new_campaign_form_names_each_missing_field(
    demo_users: dict[str, Any], handset_import: Any
) -> None:
    client = _client(demo_users["police.analyst"])
    html = client.post(reverse("messaging:new"), {"source": "", "name": ""}).content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_source"' in html
    assert "Choose the handset&#x27;s contact list" in html
    assert "Enter a name for the campaign" in html


def test_a_campaign_without_a_service_is_refused_with_a_reason(
    demo_users: dict[str, Any], handset_import: Any
) -> None:
    client = _client(demo_users["police.analyst"])
    client.post(reverse("messaging:new"), {"source": handset_import.pk, "name": "No service"})
    campaign = Campaign.objects.get(name="No service")
    response = client.post(reverse("messaging:send", args=[campaign.pk]), follow=True)
    assert "Choose a treatment service" in response.content.decode()
    assert not campaign.messages.exists()


def test_another_agency_cannot_open_a_campaign(
    demo_users: dict[str, Any], handset_import: Any, service: Any, agencies: dict[str, Any]
) -> None:
    from linewatch.web.accounts.models import User

    client = _client(demo_users["police.analyst"])
    client.post(reverse("messaging:new"), {"source": handset_import.pk, "name": "Mine"})
    campaign = Campaign.objects.get(name="Mine")
    other_force = agencies["leicestershire-police"].__class__.objects.create(
        code="other-force", name="Other Force", kind="police"
    )
    stranger = User.objects.create_user("stranger", agency=other_force, role="police_analyst")
    assert _client(stranger).get(reverse("messaging:detail", args=[campaign.pk])).status_code == 404


def test_the_directory_imports_open_referral_uk_and_names_problems(
    demo_users: dict[str, Any],
) -> None:
    client = _client(demo_users["police.analyst"])
    good = [
        {
            "id": "s1",
            "name": "Aquarius Melton",
            "contacts": [{"phones": [{"number": "01664 000000"}]}],
            "service_areas": [
                {"uri": "http://statistics.data.gov.uk/id/statistical-geography/E07000133"}
            ],
        }
    ]
    upload = SimpleUploadedFile("services.json", json.dumps(good).encode(), "application/json")
    response = client.post(reverse("messaging:directory"), {"file": upload}, follow=True)
    assert "1 services added, 0 updated." in response.content.decode()
    assert TreatmentService.objects.get(oruk_id="s1").area_codes == ["E07000133"]
    bad = SimpleUploadedFile("bad.json", b'[{"id": "s2"}]', "application/json")
    html = client.post(reverse("messaging:directory"), {"file": bad}).content.decode()
    assert "service 1 (s2), name: a service needs a name" in html
    practitioner = _client(demo_users["charnwood.practitioner"])
    assert practitioner.get(reverse("messaging:directory")).status_code == 200
    upload = SimpleUploadedFile("services.json", json.dumps(good).encode(), "application/json")
    assert practitioner.post(reverse("messaging:directory"), {"file": upload}).status_code == 403
