"""Every page needs a signed-in user, except the few listed as public."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/static/",
    "/about/",
    "/healthz",
    "/admin/login/",
    "/api/",
    "/concern/",
)


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.public = PUBLIC_PREFIXES + tuple(getattr(settings, "LINEWATCH_PUBLIC_PREFIXES", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(self.public):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
