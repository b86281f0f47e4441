"""The web layer's protections: CSP, framing, cookies, CSRF, escaping, size limits, TLS."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _directives(header: str) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in header.split(";") if p.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.mark.parametrize("path", ["/accounts/login/", "/about/data/", "/api/v1/docs"])
def test_every_page_carries_the_strict_policy_and_framing_refusal(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    directives = _directives(response["Content-Security-Policy"])
    for name, value in EXPECTED_CSP.items():
        assert directives.get(name) == value, name
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_not_cached(demo_users: dict[str, Any]) -> None:
    response = signed_in(demo_users["charnwood.practitioner"]).get("/accounts/")
    assert "no-store" in response["Cache-Control"]


def test_session_and_csrf_cookies_are_not_readable_by_script(
    demo_users: dict[str, Any],
) -> None:
    from linewatch.web.demo import DEMO_PASSWORD

    client = Client()
    page = client.get("/accounts/login/")
    assert page.cookies["csrftoken"]["httponly"]
    assert page.cookies["csrftoken"]["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/", {"username": "charnwood.practitioner", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_a_post_without_the_csrf_token_is_refused(demo_users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_users["charnwood.practitioner"])
    assert client.post("/accounts/sign-out-everywhere/").status_code == 403
    assert client.get("/accounts/").status_code == 200  # still signed in


def test_user_text_is_never_rendered_as_markup(demo_users: dict[str, Any]) -> None:
    person = PersonFactory(
        first_name='<script src="/x.js"></script>', surname="<img src=x onerror=alert(1)>"
    )
    page = signed_in(demo_users["police.analyst"]).get(f"/people/{person.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<script src="/x.js">' not in text
    assert "<img src=x onerror" not in text
    assert "&lt;script" in text


def test_an_oversized_request_is_refused_before_it_is_read(settings: Any) -> None:
    settings.LINEWATCH_MAX_REQUEST_BYTES = 1000
    response = Client().generic(
        "POST", "/accounts/login/", b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413


SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ("
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_NAME', "
    "'LINEWATCH_UPLOAD_MAX_BYTES', 'LINEWATCH_IDLE_TIMEOUT_SECONDS', 'AXES_FAILURE_LIMIT')}))"
)


def _production_settings(**extra: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "linewatch.web.settings",
        "LINEWATCH_ENV": "production",
        "LINEWATCH_SECRET_KEY": secrets.token_urlsafe(48),
        "LINEWATCH_ALLOWED_HOSTS": "linewatch.example",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], env=env, capture_output=True, text=True, check=True
    )
    values: dict[str, Any] = json.loads(result.stdout)
    return values


def test_production_is_served_over_tls_only() -> None:
    values = _production_settings()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"]
    assert values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_production_security_settings_come_from_the_environment() -> None:
    values = _production_settings(
        LINEWATCH_PROXY_SSL_HEADER="",
        LINEWATCH_MAX_FEED_UPLOAD_MB="20",
        LINEWATCH_IDLE_MINUTES="15",
        LINEWATCH_LOCKOUT_FAILURES="3",
    )
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["LINEWATCH_UPLOAD_MAX_BYTES"] == 20 * 1024 * 1024
    assert values["LINEWATCH_IDLE_TIMEOUT_SECONDS"] == 15 * 60
    assert values["AXES_FAILURE_LIMIT"] == 3


def test_a_malformed_security_setting_is_named() -> None:
    with pytest.raises(subprocess.CalledProcessError) as failure:
        subprocess.run(
            [sys.executable, "-c", SHOW_SETTINGS],
            env={**os.environ, "LINEWATCH_IDLE_MINUTES": "half an hour"},
            capture_output=True,
            text=True,
            check=True,
        )
    assert "LINEWATCH_IDLE_MINUTES" in failure.value.stderr
