"""The upload page: send a feed file, watch its import, read what was rejected."""

from __future__ import annotations

import csv
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from linewatch.feeds import FEEDS
from linewatch.web.audit.trail import record as audit
from linewatch.web.intake.forms import UploadForm, kinds_for
from linewatch.web.intake.models import RejectedRow, UploadJob
from linewatch.web.intake.uploads import (
    UploadRefused,
    can_upload,
    mark_if_interrupted,
    max_upload_bytes,
    receive,
    rows_done,
)

LISTED_REJECTS = 200
RECENT_UPLOADS = 20


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not can_upload(request.user):
        raise PermissionDenied("Your role does not upload feed files.")
    agency = request.user.agency  # type: ignore[union-attr]
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, agency=agency
    )
    if posted and form.is_valid():
        try:
            job = receive(request.user, form.cleaned_data["kind"], form.cleaned_data["file"])
        except UploadRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            return redirect("intake:status", pk=job.pk)
    recent = UploadJob.objects.filter(agency=agency).select_related("uploaded_by")
    allowed = [FEEDS[name] for name, _ in kinds_for(agency)]
    return render(
        request,
        "intake/upload.html",
        {
            "form": form,
            "recent": recent[:RECENT_UPLOADS],
            "formats": allowed,
            "limit_mb": max_upload_bytes() // (1024 * 1024),
        },
    )


def _own_job(request: HttpRequest, pk: int) -> UploadJob:
    """An upload of the viewer's own agency (another agency's uploads do not exist for them)."""
    if not can_upload(request.user):
        raise PermissionDenied("Your role does not upload feed files.")
    agency_id = int(getattr(request.user, "agency_id", 0) or 0)
    job = (
        UploadJob.objects.filter(pk=pk, agency_id=agency_id)
        .select_related("feed_import", "uploaded_by")
        .first()
    )
    if job is None:
        raise Http404("No such upload.")
    return mark_if_interrupted(job)


def _progress(job: UploadJob) -> dict[str, Any]:
    done = rows_done(job)
    total = job.total_rows
    percent = 100 if job.finished else (min(99, int(100 * done / total)) if total else None)
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "rows_done": done,
        "total_rows": total,
        "percent": percent,
    }


@require_GET
def status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    rejects: list[dict[str, Any]] = []
    if job.feed_import_id and job.result.get("status") == "imported":
        for reject in RejectedRow.objects.filter(feed_import_id=job.feed_import_id)[
            :LISTED_REJECTS
        ]:
            for error in reject.errors:
                rejects.append({"row": reject.row_number, **error})
    return render(
        request,
        "intake/status.html",
        {
            "job": job,
            "progress": _progress(job),
            "result": job.result,
            "rejects": rejects,
            "more_rejects": int(job.result.get("rejected", 0)) > LISTED_REJECTS,
        },
    )


@require_GET
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(_progress(_own_job(request, pk)))


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def rejected_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The rejected rows as they were sent, each with its reasons, ready to correct and resend."""
    job = _own_job(request, pk)
    if not job.feed_import_id:
        raise Http404("This upload has no rejected rows.")
    rows = RejectedRow.objects.filter(feed_import_id=job.feed_import_id).order_by("row_number")
    columns = [c.name for c in FEEDS[job.kind].columns]
    writer = csv.writer(_Echo())

    def lines() -> Any:
        yield writer.writerow(["row", *columns, "problems"])
        for reject in rows.iterator(chunk_size=1000):
            problems = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in reject.errors)
            raw = reject.raw if isinstance(reject.raw, dict) else {}
            yield writer.writerow([reject.row_number, *(raw.get(c, "") for c in columns), problems])

    audit(
        "consultation",
        "feed_import",
        [job.feed_import_id],
        f"downloaded the rejected rows of {job.kind} file {job.filename}",
        request=request,
    )
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stem = job.filename.rsplit(".", 1)[0] or "upload"
    response["Content-Disposition"] = f'attachment; filename="{stem}-rejected.csv"'
    return response
