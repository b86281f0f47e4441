"""Feed files sent through the upload page: spool, import in the background, report progress.

The file is written to the upload folder, an :class:`UploadJob` row records it, and the import
runs in a thread of the web process (``LINEWATCH_UPLOADS_IN_BACKGROUND``; tests run it inline).
Rows done are kept in Django's cache, not the database, because the import's own transaction
would hide them from every other connection until it commits. With the default in-process
cache that means one web process; several processes need a shared cache (e.g. Redis).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

from linewatch.core.access import Role
from linewatch.feeds import FEEDS
from linewatch.feeds.workbook import XLSX_MAGIC
from linewatch.web.audit.trail import record as audit
from linewatch.web.intake.loader import ImportFailed, import_file
from linewatch.web.intake.models import FeedImport, UploadJob

ALLOWED_SUFFIXES = (".csv", ".xlsx")
UPLOADING_ROLES = frozenset(
    {
        Role.POLICE_ANALYST,
        Role.POLICE_OFFICER,
        Role.PARTNER_ANALYST,
        Role.PARTNER_PRACTITIONER,
        Role.TREATMENT_PROVIDER,
    }
)
PROGRESS_TTL = 24 * 60 * 60
INTERRUPTED = (
    "the import stopped before it finished (the service was restarted); nothing from this "
    "file was stored — upload it again"
)
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_running: set[int] = set()
_running_lock = threading.Lock()


def safe_filename(name: str, fallback_stem: str) -> str:
    """A sender's file name reduced to letters, digits and ``._-`` (it lands in provenance)."""
    cleaned = SAFE_NAME.sub("_", Path(name or "").name).strip("._")
    return cleaned[:120] or f"{fallback_stem}{Path(name or '').suffix or '.csv'}"


class UploadRefused(Exception):
    """The upload cannot be accepted (the message says why, in the user's terms)."""


def can_upload(user: Any) -> bool:
    return bool(getattr(user, "agency_id", None)) and getattr(user, "role", "") in UPLOADING_ROLES


def max_upload_bytes() -> int:
    return int(getattr(settings, "LINEWATCH_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))


def upload_folder() -> Path:
    configured = getattr(settings, "LINEWATCH_UPLOAD_DIR", "")
    folder = Path(configured) if configured else Path(tempfile.gettempdir()) / "linewatch-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def receive(user: Any, kind: str, upload: Any) -> UploadJob:
    """Check and spool an uploaded file, record the job, and start (or run) its import."""
    if kind not in FEEDS:
        raise UploadRefused(f"There is no feed kind called {kind!r}.")
    name = Path(str(upload.name or "")).name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRefused("The file must be a CSV (.csv) or an Excel workbook (.xlsx).")
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise UploadRefused(
            f"The file is {upload.size:,} bytes; the limit is {limit:,}. "
            "Split it into smaller files."
        )
    if upload.size == 0:
        raise UploadRefused("The file is empty.")
    job = UploadJob.objects.create(
        kind=kind,
        agency=user.agency,
        uploaded_by=user,
        filename=name[:255],
        size_bytes=upload.size or 0,
    )
    path = _spool_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    if suffix == ".xlsx" and not _starts_with(path, XLSX_MAGIC):
        _discard(job)
        job.status, job.result = "failed", {"error": "the file is not an Excel .xlsx workbook"}
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "result", "finished_at"])
        return job
    job.total_rows = count_rows(path)
    job.save(update_fields=["total_rows"])
    if getattr(settings, "LINEWATCH_UPLOADS_IN_BACKGROUND", True):
        with _running_lock:
            _running.add(job.pk)
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    else:
        run(job.pk)
    return job


def run(job_id: int) -> UploadJob:
    """Import the job's file now; the job records the outcome. Never raises for bad data."""
    job = UploadJob.objects.select_related("agency", "uploaded_by").get(pk=job_id)
    job.status = "running"
    job.save(update_fields=["status"])
    path = _spool_path(job)
    try:
        result = import_file(
            job.kind,
            path,
            agency_code=job.agency.code,
            user=job.uploaded_by,
            progress=lambda done: cache.set(_progress_key(job.pk), done, PROGRESS_TTL),
        )
    except ImportFailed as error:
        job.status, job.result = "failed", {"error": str(error)}
    except Exception as error:  # the page must say what happened, not hang
        job.status, job.result = "failed", {"error": f"the import failed unexpectedly ({error})"}
    else:
        job.result = result.as_dict()
        job.status = "failed" if result.status == "failed" else "done"
        if result.import_id is not None:
            job.feed_import = FeedImport.objects.filter(pk=result.import_id).first()
    finally:
        _discard(job)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "feed_import", "finished_at"])
    summary = job.result.get("error") or (
        f"{job.result.get('accepted', 0)} accepted, {job.result.get('rejected', 0)} rejected, "
        f"{job.result.get('already_present', 0)} already present"
    )
    audit(
        "collection",
        "feed_import",
        [job.feed_import_id] if job.feed_import_id else [],
        f"uploaded {job.kind} file {job.filename}: {summary}",
        user=job.uploaded_by,
    )
    return job


def rows_done(job: UploadJob) -> int:
    if job.finished:
        return (
            int(job.result.get("accepted", 0))
            + int(job.result.get("rejected", 0))
            + int(job.result.get("already_present", 0))
        )
    return int(cache.get(_progress_key(job.pk), 0))


def mark_if_interrupted(job: UploadJob) -> UploadJob:
    """A job left waiting or running by a process that is gone (a restart) is failed, saying so.

    Background jobs are registered before their thread starts, so an unfinished job that is
    not registered in this process has no thread left to finish it.
    """
    if job.finished or _is_running(job.pk):
        return job
    job.status, job.result = "failed", {"error": INTERRUPTED}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "finished_at"])
    return job


def count_rows(path: Path) -> int | None:
    """Data rows in the file (lines after the header; a workbook's sheet rows), for the bar."""
    try:
        if _starts_with(path, XLSX_MAGIC):
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True)
            try:
                rows = workbook.worksheets[0].max_row or 0
            finally:
                workbook.close()
            return max(rows - 1, 0)
        lines = 0
        last = b"\n"
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                lines += block.count(b"\n")
                last = block[-1:]
        if last != b"\n":
            lines += 1
        return max(lines - 1, 0)
    except Exception:  # a bar without a total is still a bar
        return None


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        with _running_lock:
            _running.discard(job_id)
        connection.close()


def _is_running(job_id: int) -> bool:
    with _running_lock:
        return job_id in _running


def _progress_key(job_id: int) -> str:
    return f"linewatch:upload-progress:{job_id}"


def _spool_path(job: UploadJob) -> Path:
    """The spooled file keeps the sender's file name (made safe), which provenance records."""
    return upload_folder() / f"job-{job.pk}" / safe_filename(job.filename, "upload")


def _discard(job: UploadJob) -> None:
    shutil.rmtree(_spool_path(job).parent, ignore_errors=True)


def _starts_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(magic)) == magic
