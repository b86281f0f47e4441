"""Every API error as an RFC 9457 problem document, made in one place.

Endpoints raise :class:`ApiProblem` (or let Ninja raise its validation and authentication
errors, or Django its ``Http404``); :func:`problem_response` is registered for all of them
and for anything unexpected, so a client always gets ``application/problem+json`` with
``type``, ``title``, ``status``, ``detail`` and ``errors: [{field, message}]``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

from linewatch.web.unavailable import RETRY_AFTER_SECONDS, UNAVAILABLE, database_unavailable

logger = logging.getLogger(__name__)

PROBLEM_BASE = "/api/v1/docs/problems#"
TITLES = {
    400: "Bad request",
    401: "Authentication needed",
    403: "Not allowed for this client's role",
    404: "Not found",
    405: "Method not allowed",
    413: "Upload too large",
    422: "The submission is not valid",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}
TYPES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    413: "too-large",
    422: "invalid",
    500: "server-error",
    503: "unavailable",
}


class ApiProblem(Exception):
    """An error to send to the client: status, a sentence, and the fields at fault."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Iterable[tuple[str | None, str]] = (),
        title: str | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.errors = [(field, message) for field, message in errors]
        self.title = title or TITLES.get(status, "Error")
        super().__init__(detail)


def _field_of(location: Sequence[Any]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "form", "file", "header"):
        source = parts.pop(0)
        if source in ("body", "form") and len(parts) > 1:
            parts.pop(0)  # the operation's parameter name, not the client's field
    return ".".join(parts)


def _as_problem(exc: Exception) -> ApiProblem:
    if isinstance(exc, ApiProblem):
        return exc
    if isinstance(exc, ValidationError):
        errors = [(_field_of(e.get("loc", ())), str(e.get("msg", ""))) for e in exc.errors]
        return ApiProblem(422, "Some fields are missing or not valid; see errors.", errors)
    if isinstance(exc, AuthenticationError):
        return ApiProblem(401, "Send a valid API client token: 'Authorization: Bearer <token>'.")
    if isinstance(exc, HttpError):
        return ApiProblem(exc.status_code, str(exc))
    if isinstance(exc, Http404):
        return ApiProblem(404, "No record with that reference, or this client may not see it.")
    if database_unavailable(exc):
        logger.warning("API request while the database is unreachable: %s", exc)
        return ApiProblem(503, UNAVAILABLE)
    logger.exception("API error", exc_info=exc)
    return ApiProblem(500, "Something went wrong on our side; the error has been logged.")


def problem_response(request: HttpRequest, exc: Any) -> HttpResponse:
    """The single exception handler of the API."""
    problem = _as_problem(exc)
    body = {
        "type": PROBLEM_BASE + TYPES.get(problem.status, "error"),
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "errors": [{"field": field, "message": message} for field, message in problem.errors],
    }
    response = HttpResponse(
        json.dumps(body), status=problem.status, content_type="application/problem+json"
    )
    if problem.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="linewatch"'
    if problem.status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
    return response


HANDLED = (ApiProblem, ValidationError, HttpError, Http404, Exception)
