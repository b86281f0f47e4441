"""Two-factor sign-in (TOTP) for police and analyst roles: the real flow, enrolment, refusal
of unverified sessions, replayed and guessed codes, and the demo's code command."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from linewatch.cli import main_group
from linewatch.web.accounts.models import User
from linewatch.web.accounts.two_factor import DEMO_TOTP_KEY
from linewatch.web.audit.models import AuditEvent
from linewatch.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

STEP = "/accounts/two-factor/"


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_signed_in(username: str, password: str = DEMO_PASSWORD) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    "username", ["police.analyst", "police.officer", "police.commander", "charnwood.analyst"]
)
def test_an_unverified_session_of_a_police_or_analyst_role_is_refused(
    username: str, demo_users: dict[str, Any]
) -> None:
    client = Client()
    client.force_login_without_two_factor(demo_users[username])  # type: ignore[attr-defined]
    for path in ("/", "/people/", "/intelligence/", "/search/?q=smith", "/accounts/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(STEP + "?next="), path
    assert client.get(STEP).status_code == 200


@pytest.mark.parametrize("username", ["charnwood.practitioner", "recovery.worker"])
def test_other_roles_sign_in_with_a_password_alone(
    username: str, demo_users: dict[str, Any]
) -> None:
    client = password_signed_in(username)
    assert client.get("/accounts/").status_code == 200


def test_the_real_sign_in_with_a_totp_code(demo_users: dict[str, Any]) -> None:
    device = TOTPDevice.objects.get(user=demo_users["police.analyst"], confirmed=True)
    client = Client()
    response = client.post(
        "/accounts/login/?next=/people/",
        {"username": "police.analyst", "password": DEMO_PASSWORD, "next": "/people/"},
    )
    assert response.status_code == 302
    step = client.get(response["Location"], follow=True)
    assert step.redirect_chain[-1][0].startswith(STEP)
    assert "Enter your code" in step.content.decode()
    assert "totp-secret" not in step.content.decode()  # the secret is shown at enrolment only

    wrong = client.post(STEP, {"code": "000000", "next": "/people/"})
    assert wrong.status_code == 200
    assert "That code was not accepted" in wrong.content.decode()
    assert "govuk-error-summary" in wrong.content.decode()
    time.sleep(1.1)  # one wrong code: the next try waits a second (throttling)

    right = client.post(STEP, {"code": code_for(device), "next": "/people/"})
    assert right.status_code == 302
    assert right["Location"] == "/people/"
    assert client.get("/people/").status_code == 200


def test_a_code_is_accepted_once_only(demo_users: dict[str, Any]) -> None:
    device = TOTPDevice.objects.get(user=demo_users["police.officer"], confirmed=True)
    code = code_for(device)
    first = password_signed_in("police.officer")
    assert first.post(STEP, {"code": code}).status_code == 302
    second = password_signed_in("police.officer")
    replay = second.post(STEP, {"code": code})
    assert replay.status_code == 200
    assert second.get("/people/").status_code == 302


def test_guessing_codes_is_throttled(demo_users: dict[str, Any]) -> None:
    device = TOTPDevice.objects.get(user=demo_users["police.officer"], confirmed=True)
    client = password_signed_in("police.officer")
    client.post(STEP, {"code": "111111"})
    client.post(STEP, {"code": "222222"})
    refused = client.post(STEP, {"code": code_for(device)})  # right, but too soon
    assert "Too many wrong codes" in refused.content.decode()
    assert client.get("/people/").status_code == 302


def test_a_new_account_enrols_an_authenticator_app(demo_users: dict[str, Any]) -> None:
    officer = demo_users["police.officer"]
    User.objects.create_user(
        "new.officer",
        password="a-long-test-password-1",
        agency=officer.agency,
        role="police_officer",
    )
    client = password_signed_in("new.officer", "a-long-test-password-1")
    page = client.get(STEP).content.decode()
    assert "Set up two-factor sign-in" in page
    assert 'src="data:image/svg+xml;base64,' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret is not None
    device = TOTPDevice.objects.get(user__username="new.officer")
    assert not device.confirmed
    assert client.post(STEP, {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(summary__contains="enrolled an authenticator app").exists()


def test_an_unsafe_next_address_is_not_followed(demo_users: dict[str, Any]) -> None:
    device = TOTPDevice.objects.get(user=demo_users["police.analyst"], confirmed=True)
    client = password_signed_in("police.analyst")
    response = client.post(STEP, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_administrator_resets_a_lost_phone(demo_users: dict[str, Any]) -> None:
    officer = demo_users["police.officer"]
    session = Client()
    session.force_login(officer)
    admin = Client()
    admin.force_login(demo_users["police.admin"])
    admin.post(
        "/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [officer.pk]}
    )
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert session.get("/people/").status_code == 302  # signed out everywhere too


def test_demo_users_have_the_documented_demo_secret(demo_users: dict[str, Any]) -> None:
    device = TOTPDevice.objects.get(user=demo_users["police.analyst"])
    assert device.key == DEMO_TOTP_KEY
    result = CliRunner().invoke(main_group, ["demo-code", "police.analyst"])
    assert result.exit_code == 0, result.output
    code = result.output.strip()
    assert re.fullmatch(r"\d{6}", code)
    client = password_signed_in("police.analyst")
    assert client.post(STEP, {"code": code}).status_code == 302


def test_demo_code_is_refused_in_production(
    demo_users: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEWATCH_ENV", "production")
    result = CliRunner().invoke(main_group, ["demo-code", "police.analyst"])
    assert result.exit_code == 1
    assert "refused in production" in result.output


def test_demo_code_names_an_unknown_user(demo_users: dict[str, Any]) -> None:
    result = CliRunner().invoke(main_group, ["demo-code", "nobody"])
    assert result.exit_code == 1
    assert "'nobody' is not a demo sign-in" in result.output
