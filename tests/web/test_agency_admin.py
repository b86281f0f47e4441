"""Agency administrators manage their own agency's accounts, and every change is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from linewatch.web.accounts.models import User
from linewatch.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_administrator_sees_only_own_agency_accounts(demo_users: dict[str, Any]) -> None:
    page = signed_in(demo_users["police.admin"]).get("/admin/accounts/user/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "police.analyst" in text
    assert "charnwood.practitioner" not in text


def test_administrator_creates_account_in_own_agency_only(
    demo_users: dict[str, Any], agencies: dict[str, Any]
) -> None:
    client = signed_in(demo_users["police.admin"])
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.officer",
            "password1": "a-long-passphrase-for-tests",
            "password2": "a-long-passphrase-for-tests",
            "first_name": "New",
            "last_name": "Officer",
            "agency": agencies["charnwood-bc"].pk,
            "role": "police_officer",
        },
    )
    # Another agency is not a choice: the form refuses it and nothing is created.
    assert response.status_code == 200
    assert not User.objects.filter(username="new.officer").exists()
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.officer",
            "password1": "a-long-passphrase-for-tests",
            "password2": "a-long-passphrase-for-tests",
            "first_name": "New",
            "last_name": "Officer",
            "agency": agencies["leicestershire-police"].pk,
            "role": "police_officer",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="new.officer")
    assert created.agency == agencies["leicestershire-police"]
    assert AuditEvent.objects.filter(
        object_type="user", object_ids=[str(created.pk)], action="collection"
    ).exists()


def test_practitioner_cannot_open_admin(demo_users: dict[str, Any]) -> None:
    response = signed_in(demo_users["charnwood.practitioner"]).get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
