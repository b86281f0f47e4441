"""Token authentication: missing, invalid and revoked tokens get a 401 problem document."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.web.api.models import ApiClient
from linewatch.web.api.tokens import revoke_client, token_hash

pytestmark = pytest.mark.django_db


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail", "errors"} <= set(body)
    assert body["status"] == status
    return body


def test_no_token_is_401_with_a_bearer_challenge(api: Any, agencies: Any) -> None:
    response = api("get", "intelligence")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(api: Any, police_token: str) -> None:
    body = assert_problem(api("get", "intelligence", "lw_not-a-real-token"), 401)
    assert "not one this service issued" in body["detail"]
    assert_problem(api("get", "intelligence", "something-else"), 401)


def test_a_revoked_token_is_401(api: Any, make_client: Any) -> None:
    token = make_client("charnwood-bc", "partner_practitioner", "old-system")
    assert api("get", "intelligence", token).status_code == 200
    revoke_client("old-system")
    body = assert_problem(api("get", "intelligence", token), 401)
    assert "revoked" in body["detail"]


def test_only_a_hash_and_a_prefix_are_stored(police_token: str) -> None:
    client = ApiClient.objects.get(name="force-intel-system")
    assert client.token_hash == token_hash(police_token) != police_token
    assert police_token.startswith(client.token_prefix)
    assert len(client.token_prefix) < len(police_token) // 2


def test_use_is_recorded(api: Any, police_token: str) -> None:
    assert ApiClient.objects.get(name="force-intel-system").last_used_at is None
    api("get", "lines", police_token)
    assert ApiClient.objects.get(name="force-intel-system").last_used_at is not None


def test_the_session_login_does_not_redirect_the_api(client: Any, agencies: Any) -> None:
    response = client.get("/api/v1/intelligence")
    assert response.status_code == 401
