"""``/feeds/{kind}``: upload a whole feed file (CSV or XLSX) and get the import report."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.decorators import decorate_view

from linewatch.web.api.auth import submitting_principal
from linewatch.web.api.problems import ApiProblem, problem_response
from linewatch.web.api.queries import expect_query
from linewatch.web.api.schemas import UPLOAD_ERRORS, FeedFile, FeedKindPath, FeedReportOut
from linewatch.web.api.writing import import_upload
from linewatch.web.audit.trail import record as audit

router = Router(tags=["feeds"])

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ENVELOPE_BYTES = 64 * 1024  # the multipart headers around the file


def max_upload_bytes() -> int:
    return int(getattr(settings, "LINEWATCH_API_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def length_checked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse an upload by its declared length, before a byte of it is read."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = max_upload_bytes()
        if length.isdigit() and int(length) > limit + ENVELOPE_BYTES:
            problem = ApiProblem(413, f"The upload is larger than the {limit:,}-byte limit.")
            return problem_response(request, problem)
        return view(request, *args, **kwargs)

    return checked


@router.post("feeds/{kind}", response={200: FeedReportOut, **UPLOAD_ERRORS})
@decorate_view(length_checked)
def upload_feed(
    request: HttpRequest,
    kind: FeedKindPath,
    file: FeedFile,
) -> Any:
    """Import a feed file for the client's agency: accepted, rejected (each row, field and
    reason) and already present. The same file twice adds nothing."""
    principal = submitting_principal(request)
    expect_query(request)
    limit = max_upload_bytes()
    body = import_upload(principal, str(kind.value), file, limit)
    audit(
        "collection",
        "feed_import",
        [body["import_id"]] if body["import_id"] else [],
        f"API client {principal.name} uploaded {kind.value} file {body['file']}: "
        f"{body['accepted']} accepted, {body['rejected']} rejected, "
        f"{body['already_present']} already present",
        request=request,
        user=principal,
    )
    return body
