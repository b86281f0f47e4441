"""The answer when the database cannot be reached: 503 and "try again", not a 500.

Django calls ``handler500`` for any uncaught exception, still inside the ``except`` block, so
the exception is at hand. A database that is restarting, unreachable or refusing connections
raises ``OperationalError`` or ``InterfaceError``: that is the service being unavailable for a
moment (503, ``Retry-After``), and the next request, with ``CONN_HEALTH_CHECKS``, reconnects.
Anything else is a fault of ours and gets the ordinary 500 page.
"""

from __future__ import annotations

import json
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = "Linewatch cannot reach its database just now. Try again in a minute."


def database_unavailable(error: BaseException | None = None) -> bool:
    """Whether ``error`` (default: the exception being handled) is the database being away."""
    if error is None:
        error = sys.exc_info()[1]
    for _ in range(10):  # the exception and what caused it
        if error is None:
            return False
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    if not database_unavailable():
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": "Service Unavailable", "status": 503}
        response = HttpResponse(
            json.dumps({**body, "detail": UNAVAILABLE}),
            status=503,
            content_type="application/problem+json",
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
