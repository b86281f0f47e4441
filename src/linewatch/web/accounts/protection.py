"""Response headers and request limits that the framework does not set by itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class RequestLimitsMiddleware:
    """Refuse a request body larger than ``LINEWATCH_MAX_REQUEST_BYTES`` by its declared
    length, before any of it is read (413); the feed upload paths check their own, smaller
    limits on the file itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = int(settings.LINEWATCH_MAX_REQUEST_BYTES)
        if length.isdigit() and int(length) > limit:
            return HttpResponse(
                f"The request is larger than the {limit:,}-byte limit.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PrivateResponseHeadersMiddleware:
    """Pages for a signed-in user are not kept in shared caches or the browser's history
    cache (a shared office computer must not show them to the next person); browser features
    the service never uses are switched off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store, private"
        return response
