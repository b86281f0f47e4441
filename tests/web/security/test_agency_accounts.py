"""An agency administrator creates and manages accounts for their own agency only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from linewatch.web.accounts.models import User

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_another_agencys_account_cannot_be_opened_or_changed(
    demo_users: dict[str, Any], agencies: dict[str, Any]
) -> None:
    admin = signed_in(demo_users["police.admin"])
    outsider = demo_users["charnwood.practitioner"]
    page = admin.get(f"/admin/accounts/user/{outsider.pk}/change/")
    assert page.status_code == 302  # "doesn't exist", back to the list
    response = admin.post(
        f"/admin/accounts/user/{outsider.pk}/change/",
        {
            "username": outsider.username,
            "first_name": "Changed",
            "last_name": "Name",
            "agency": agencies["leicestershire-police"].pk,
            "role": "police_analyst",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.first_name != "Changed"
    assert outsider.role == "partner_practitioner"


def test_an_administrator_cannot_make_a_superuser_or_move_staff(
    demo_users: dict[str, Any], agencies: dict[str, Any]
) -> None:
    admin = signed_in(demo_users["police.admin"])
    officer = demo_users["police.officer"]
    response = admin.post(
        f"/admin/accounts/user/{officer.pk}/change/",
        {
            "username": officer.username,
            "first_name": officer.first_name,
            "last_name": officer.last_name,
            "agency": agencies["leicestershire-police"].pk,
            "role": "police_officer",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_superuser
    assert not officer.is_staff


def test_a_new_account_needs_a_password_following_the_rules(
    demo_users: dict[str, Any], agencies: dict[str, Any]
) -> None:
    admin = signed_in(demo_users["police.admin"])
    response = admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.officer",
            "password1": "password1234",
            "password2": "password1234",
            "first_name": "New",
            "last_name": "Officer",
            "agency": agencies["leicestershire-police"].pk,
            "role": "police_officer",
        },
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.filter(username="new.officer").exists()


def test_the_sign_out_everywhere_action_reaches_own_agency_only(
    demo_users: dict[str, Any],
) -> None:
    officer, outsider = demo_users["police.officer"], demo_users["charnwood.practitioner"]
    officer_session, outsider_session = signed_in(officer), signed_in(outsider)
    admin = signed_in(demo_users["police.admin"])
    admin.post(
        "/admin/accounts/user/",
        {"action": "sign_out_everywhere", "_selected_action": [officer.pk, outsider.pk]},
    )
    assert officer_session.get("/accounts/").status_code == 302
    assert outsider_session.get("/accounts/").status_code == 200
