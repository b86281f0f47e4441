"""An attacker's next moves at the sign-in page: password spraying from one address, common
and breached passwords, and an account's first sign-in before it has enrolled for 2FA."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from linewatch.web.accounts.models import User
from linewatch.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"
STEP = "/accounts/two-factor/"


def sign_in(address: str, username: str, password: str) -> Any:
    client = Client(REMOTE_ADDR=address)
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.fixture
def many_accounts(demo_users: dict[str, Any]) -> list[str]:
    officer = demo_users["charnwood.practitioner"]
    names = [f"spray.target{n}" for n in range(12)]
    for name in names:
        User.objects.create_user(
            name, password=DEMO_PASSWORD, agency=officer.agency, role="partner_practitioner"
        )
    return names


def test_spraying_one_password_over_many_usernames_locks_the_address(
    settings: Any, many_accounts: list[str]
) -> None:
    settings.LINEWATCH_LOCKOUT_ADDRESS_FAILURES = 10
    assert settings.AXES_FAILURE_LIMIT > 1  # one failure per username never locks a username
    for name in many_accounts[:9]:
        assert sign_in(ATTACKER, name, "Summer2024!Summer").status_code == 200
    # the 10th failure locks the address (as the 5th of one username locks that username) ...
    assert sign_in(ATTACKER, many_accounts[9], "Summer2024!Summer").status_code == 429
    # ... and the next try, at a username never tried, is refused even with the right password
    response = sign_in(ATTACKER, many_accounts[10], DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    # from another address, the same accounts sign in as usual: nobody's account is locked
    assert sign_in(OFFICE, many_accounts[10], DEMO_PASSWORD).status_code == 302
    assert sign_in(OFFICE, many_accounts[0], DEMO_PASSWORD).status_code == 302


def test_an_office_behind_one_address_is_not_locked_out_by_a_few_typos(
    settings: Any, many_accounts: list[str]
) -> None:
    """Below the address limit, failures of several colleagues lock nobody out."""
    settings.LINEWATCH_LOCKOUT_ADDRESS_FAILURES = 10
    assert settings.AXES_FAILURE_LIMIT == 5
    for name in many_accounts[:3]:  # 3 colleagues, 3 typos each: 9 failures, under 10
        for _ in range(3):
            assert sign_in(OFFICE, name, "typo typo typo").status_code == 200
    assert sign_in(OFFICE, many_accounts[5], DEMO_PASSWORD).status_code == 302


def test_a_valid_sign_in_does_not_clear_the_address_count(
    settings: Any, many_accounts: list[str]
) -> None:
    """A sprayer holding one real account cannot reset the address's count with it."""
    settings.LINEWATCH_LOCKOUT_ADDRESS_FAILURES = 6
    for name in many_accounts[:5]:
        sign_in(ATTACKER, name, "Winter2024!Winter")
    assert sign_in(ATTACKER, many_accounts[11], DEMO_PASSWORD).status_code == 302
    sign_in(ATTACKER, many_accounts[6], "Winter2024!Winter")
    assert sign_in(ATTACKER, many_accounts[7], DEMO_PASSWORD).status_code == 429


def test_the_address_limit_is_read_from_the_environment(monkeypatch: Any) -> None:
    import importlib

    from linewatch.web import configuration
    from linewatch.web import settings as project_settings

    monkeypatch.setenv("LINEWATCH_LOCKOUT_ADDRESS_FAILURES", "3")
    monkeypatch.setenv("LINEWATCH_LOCKOUT_FAILURES", "5")
    with pytest.raises(configuration.ConfigurationError, match="use 5 or more"):
        importlib.reload(project_settings)
    monkeypatch.setenv("LINEWATCH_LOCKOUT_ADDRESS_FAILURES", "50")
    assert importlib.reload(project_settings).LINEWATCH_LOCKOUT_ADDRESS_FAILURES == 50
    monkeypatch.delenv("LINEWATCH_LOCKOUT_ADDRESS_FAILURES")
    monkeypatch.delenv("LINEWATCH_LOCKOUT_FAILURES")
    importlib.reload(project_settings)


@pytest.mark.parametrize(
    "password",
    ["passwordpassword", "iloveyou1234", "Summer2024!!", "P@ssw0rd2024", "123456789abc"],
)
def test_common_passwords_in_disguise_are_refused(password: str) -> None:
    """At 12 characters Django's deny-list alone refuses almost nothing: these are common
    passwords padded, repeated or with letters swapped for symbols."""
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["three random kitchen words", "bluesky-harbour-lantern", "Correct horse battery 7"],
)
def test_passphrases_of_ordinary_words_are_accepted(password: str) -> None:
    validate_password(password)  # NCSC: three random words


def test_an_unenrolled_account_sees_nothing_before_enrolling(demo_users: dict[str, Any]) -> None:
    """A role that needs 2FA, with a password but no authenticator yet: every page leads to
    the enrolment step, and no page shows a record or a name until a code is confirmed."""
    officer = demo_users["police.officer"]
    User.objects.create_user(
        "fresh.officer",
        password="a-long-test-password-1",
        agency=officer.agency,
        role="police_officer",
    )
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "fresh.officer", "password": "a-long-test-password-1"}
    )
    assert response.status_code == 302
    for path in (
        "/",
        "/people/",
        "/intelligence/",
        "/lines/",
        "/search/?q=a",
        "/risk/",
        "/network/",
        "/trends/",
        "/accounts/",
        "/admin/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(STEP), (path, response["Location"])
    page = client.get(STEP).content.decode()
    assert "Set up two-factor sign-in" in page
    assert 'data-record="' not in page
    assert 'data-stub="' not in page
