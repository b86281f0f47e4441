"""Signing in: Argon2 hashes, NCSC password rules, lock-out, idle time-out, sign out everywhere."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from linewatch.web import settings as project_settings
from linewatch.web.accounts.middleware import LAST_SEEN
from linewatch.web.audit.models import AuditEvent
from linewatch.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT = "/accounts/"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_passwords_are_stored_as_argon2_hashes(settings: Any, demo_users: dict[str, Any]) -> None:
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = demo_users["charnwood.practitioner"]
    user.set_password("a sentence anyone can remember")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a sentence anyone can remember")


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(
    settings: Any, demo_users: dict[str, Any]
) -> None:
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = demo_users["charnwood.practitioner"]
    assert not user.password.startswith("argon2")  # made with the tests' fast hasher
    settings.PASSWORD_HASHERS = [
        *project_settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert sign_in(Client(), user.username, DEMO_PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    "password",
    ["short-pass1", "password1234", "qwertyuiop123", "123456789012"],
    ids=["11 characters", "common", "keyboard walk", "digits"],
)
def test_short_and_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_needs_no_digits_capitals_or_symbols() -> None:
    validate_password("three random kitchen words")  # NCSC: length, not composition


def test_repeated_failures_lock_the_username_out(settings: Any, demo_users: dict[str, Any]) -> None:
    username = "police.officer"
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, username, "not the password")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    response = sign_in(client, username, "not the password")
    assert response.status_code == 429
    # Even the right password is refused while the lock lasts, from any address.
    other = Client(REMOTE_ADDR="10.1.2.3")
    response = sign_in(other, username, DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in other.session
    # Other accounts are not affected.
    assert sign_in(Client(), "charnwood.practitioner", DEMO_PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(
    settings: Any, demo_users: dict[str, Any]
) -> None:
    username = "police.officer"
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(Client(), username, "not the password")
        assert sign_in(Client(), username, DEMO_PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_out_too(settings: Any, demo_users: dict[str, Any]) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "police.admin", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "police.admin", "password": DEMO_PASSWORD})
    assert response.status_code == 429


def _age_session(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_an_idle_session_is_signed_out(settings: Any, demo_users: dict[str, Any]) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    assert client.get(ACCOUNT).status_code == 200
    _age_session(client, settings.LINEWATCH_IDLE_TIMEOUT_SECONDS + 5)
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(ACCOUNT).status_code == 302  # the session is gone, not just refused once
    page = client.get("/accounts/login/").content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_the_idle_time_out_slides_with_each_request(
    settings: Any, demo_users: dict[str, Any]
) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    limit = settings.LINEWATCH_IDLE_TIMEOUT_SECONDS
    _age_session(client, limit - 60)
    assert client.get(ACCOUNT).status_code == 200  # used just in time: the window moves on
    _age_session(client, limit - 60)
    assert client.get(ACCOUNT).status_code == 200


def test_the_idle_time_out_is_configurable(settings: Any, demo_users: dict[str, Any]) -> None:
    settings.LINEWATCH_IDLE_TIMEOUT_SECONDS = 120
    client = signed_in(demo_users["charnwood.practitioner"])
    client.get(ACCOUNT)
    _age_session(client, 180)
    assert client.get(ACCOUNT).status_code == 302


def test_sign_out_everywhere_ends_every_session_of_that_user_only(
    demo_users: dict[str, Any],
) -> None:
    user = demo_users["charnwood.practitioner"]
    laptop, phone = signed_in(user), signed_in(user)
    colleague = signed_in(demo_users["charnwood.analyst"])
    assert phone.get(ACCOUNT).status_code == 200
    assert "Sign out everywhere" in laptop.get("/accounts/sign-out-everywhere/").content.decode()
    response = laptop.post("/accounts/sign-out-everywhere/")
    assert response.status_code == 302
    assert laptop.get(ACCOUNT).status_code == 302
    assert phone.get(ACCOUNT).status_code == 302
    assert colleague.get(ACCOUNT).status_code == 200
    assert AuditEvent.objects.filter(
        action="alteration", object_type="user", object_ids=[str(user.pk)]
    ).exists()
    # Signing in again works.
    user.refresh_from_db()
    assert signed_in(user).get(ACCOUNT).status_code == 200


def test_sign_out_everywhere_needs_a_post(demo_users: dict[str, Any]) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    client.get("/accounts/sign-out-everywhere/")
    assert client.get(ACCOUNT).status_code == 200  # a link cannot sign anyone out


def test_changing_the_password_ends_other_sessions(demo_users: dict[str, Any]) -> None:
    user = demo_users["charnwood.practitioner"]
    other = signed_in(user)
    user.set_password("a brand new long passphrase")
    user.save()
    assert other.get(ACCOUNT).status_code == 302
