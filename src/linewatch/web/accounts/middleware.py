"""Every page needs a signed-in user, except the few listed as public; a session left idle
for too long is signed out."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/static/",
    "/about/",
    "/healthz",
    "/admin/login/",
    "/api/",
    "/concern/",
)
LAST_SEEN = "linewatch_last_seen"
"""Session key: when (epoch seconds) the session was last used."""
STAMP_EVERY_SECONDS = 60
"""The last-seen time is written at most once a minute, to spare the session store."""


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.public = PUBLIC_PREFIXES + tuple(getattr(settings, "LINEWATCH_PUBLIC_PREFIXES", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(self.public):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


TWO_FACTOR_EXEMPT = (
    "/accounts/two-factor/",
    "/accounts/logout/",
    "/accounts/login/",
    "/static/",
    "/api/",
    "/healthz",
    "/about/",
    "/concern/",
)


class TwoFactorRequiredMiddleware:
    """A user whose role needs two-factor sign-in (``LINEWATCH_TWO_FACTOR_ROLES``) reaches
    nothing but the code step until their session is verified with a TOTP code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from linewatch.web.accounts.two_factor import needs_two_factor

        user: Any = request.user
        if (
            needs_two_factor(user)
            and not user.is_verified()
            and not request.path.startswith(TWO_FACTOR_EXEMPT)
        ):
            return redirect_to_login(
                request.get_full_path(), login_url=reverse("accounts:two-factor")
            )
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Sign out a session unused for ``LINEWATCH_IDLE_TIMEOUT_SECONDS`` (a sliding window:
    every request moves it on)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            limit = int(settings.LINEWATCH_IDLE_TIMEOUT_SECONDS)
            if isinstance(last_seen, int) and now - last_seen > limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {limit // 60} minutes without activity. "
                    "Sign in again to continue.",
                )
                return redirect_to_login(request.get_full_path())
            if not isinstance(last_seen, int) or now - last_seen >= STAMP_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


@receiver(user_logged_in)
def _stamp_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
