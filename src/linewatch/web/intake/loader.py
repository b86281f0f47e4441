"""Importing one feed file: validate every row, keep rejects, write the rest atomically.

An import is atomic (one transaction per file: all of it or none of it) and idempotent (a file
already imported is recognised by its SHA-256; a row already present is recognised by its
source key and skipped). Rows that fail validation are stored with their reasons.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from linewatch.feeds import FileError, ParsedRow, RejectedRow, read_feed
from linewatch.web.accounts.models import Agency
from linewatch.web.audit.trail import record as audit
from linewatch.web.intake.drafts import MAPPERS, Draft
from linewatch.web.intake.event_writer import ChunkWriter
from linewatch.web.intake.models import FeedImport
from linewatch.web.intake.models import RejectedRow as StoredReject

# Rows per write: big enough that per-chunk queries and statements are a small share of the
# time, small enough that a chunk's drafts stay a few tens of megabytes.
CHUNK = 10_000
# PRAGMAs set on the SQLite connection for the length of one import, then put back. A page
# cache of 128 MiB (instead of 2 MiB) keeps the event indexes in memory while a million rows go
# in; it changes nothing about durability (WAL and synchronous=NORMAL stay as configured).
SQLITE_IMPORT_PRAGMAS: tuple[str, ...] = ("cache_size=-131072",)
Progress = Callable[[int], None]


class ImportFailed(Exception):
    """The file could not be processed at all (the message says why)."""


@dataclass
class ImportResult:
    """What one file's import did: the summary line of ``linewatch import``."""

    filename: str
    kind: str
    agency: str = ""
    status: str = "imported"  # imported | already imported | failed
    accepted: int = 0
    rejected: int = 0
    already_present: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    checksum: str = ""
    import_id: int | None = None

    def summary_line(self) -> str:
        if self.status == "failed":
            return f"{self.filename}: FAILED – {self.error}"
        note = (
            " (this file was imported before: nothing added)"
            if self.status == "already imported"
            else ""
        )
        return (
            f"{self.filename}: {self.accepted:,} accepted, {self.rejected:,} rejected, "
            f"{self.already_present:,} already present{note}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "kind": self.kind,
            "agency": self.agency,
            "status": self.status,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "already_present": self.already_present,
            "error": self.error or None,
            "warnings": self.warnings,
            "checksum": self.checksum,
            "import_id": self.import_id,
        }


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _agency_for(kind: str, code: str | None, first: ParsedRow | None) -> Agency:
    if code is None and first is not None:
        row_agency = first.values.get("agency")
        reported_by = first.values.get("Reported by")
        if row_agency:
            code = str(row_agency)
        elif reported_by:
            match = Agency.objects.filter(name__iexact=str(reported_by)).first()
            if match is not None:
                return match
            raise ImportFailed(
                f"the file says it was reported by {reported_by!r}, which is not an agency of "
                "this partnership; pass --agency CODE"
            )
    if code is None:
        raise ImportFailed(
            f"cannot tell which agency sent this {kind} file: it has no agency "
            "column; pass --agency CODE"
        )
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise ImportFailed(f"agency {code!r} is not known; known agencies: {known}")
    return agency


def import_file(
    kind: str,
    path: Path,
    *,
    agency_code: str | None = None,
    user: Any = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Import one file of feed ``kind``; never raises for bad data, only reports it."""
    result = ImportResult(filename=path.name, kind=kind)
    if kind not in MAPPERS:
        raise ImportFailed(f"unknown feed kind {kind!r}; known kinds: {', '.join(sorted(MAPPERS))}")
    try:
        result.checksum = file_checksum(path)
    except OSError as error:
        result.status, result.error = "failed", f"cannot read the file: {error.strerror}"
        return result
    previous = FeedImport.objects.filter(
        kind=kind, checksum=result.checksum, status="completed"
    ).first()
    if previous is not None:
        result.status = "already imported"
        result.agency = previous.agency.code
        result.already_present = previous.accepted + previous.already_present
        result.import_id = previous.id
        return result
    try:
        with _import_settings(), transaction.atomic():
            _import(kind, path, result, agency_code, user, progress, now)
    except ImportFailed as failure:
        result.status, result.error = "failed", str(failure)
        result.accepted = result.already_present = result.rejected = 0
        _record_failure(kind, path, result, agency_code, user)
    return result


@contextmanager
def _import_settings() -> Iterator[None]:
    """Apply :data:`SQLITE_IMPORT_PRAGMAS` to this connection for one import."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = []
        for pragma in SQLITE_IMPORT_PRAGMAS:
            name = pragma.split("=", 1)[0]
            cursor.execute(f"PRAGMA {name}")
            before.append(f"{name}={cursor.fetchone()[0]}")
            cursor.execute(f"PRAGMA {pragma}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for pragma in before:
                cursor.execute(f"PRAGMA {pragma}")


def _import(
    kind: str,
    path: Path,
    result: ImportResult,
    agency_code: str | None,
    user: Any,
    progress: Progress | None,
    now: datetime | None,
) -> None:
    reading = read_feed(kind, path, agency=agency_code, filename=path.name, now=now)
    rows = iter(reading)
    first, pending = _first_parsed(rows)
    agency = _agency_for(kind, agency_code, first)
    result.agency = agency.code
    feed_import = FeedImport.objects.create(
        kind=kind,
        agency=agency,
        filename=path.name,
        checksum=result.checksum,
        size_bytes=path.stat().st_size,
        started_at=timezone.now(),
        imported_by=user if getattr(user, "is_authenticated", False) else None,
    )
    result.import_id = feed_import.id
    writer = ChunkWriter(kind, agency, feed_import, path.name, result.checksum, user)
    drafts: list[Draft] = []
    rejects: list[StoredReject] = []
    seen: dict[str, int] = {}
    to_draft = MAPPERS[kind]
    done = 0
    for record in _chain(pending, rows):
        done += 1
        if isinstance(record, RejectedRow):
            rejects.append(
                _stored(
                    feed_import, record.row_number, record.raw, [e._asdict() for e in record.errors]
                )
            )
        else:
            problem = _row_problem(record, agency, seen)
            if problem:
                rejects.append(_stored(feed_import, record.row_number, record.raw, [problem]))
            else:
                drafts.append(to_draft(record))
        if len(drafts) >= CHUNK or len(rejects) >= CHUNK:
            _flush(writer, drafts, rejects, result)
            drafts, rejects = [], []
            if progress:
                progress(done)
    _flush(writer, drafts, rejects, result)
    if progress:
        progress(done)
    if reading.error is not None:
        raise ImportFailed(_file_error_text(reading.error))
    result.warnings = list(reading.warnings)
    feed_import.accepted, feed_import.rejected = result.accepted, result.rejected
    feed_import.already_present = result.already_present
    feed_import.warnings = result.warnings
    feed_import.status, feed_import.finished_at = "completed", timezone.now()
    feed_import.save()
    audit(
        "collection",
        "feed_import",
        [feed_import.id],
        f"Imported {kind} file {path.name}: {result.accepted} accepted, "
        f"{result.rejected} rejected, {result.already_present} already present",
        user=user,
    )


def _first_parsed(rows: Iterator[Any]) -> tuple[ParsedRow | None, list[Any]]:
    pending: list[Any] = []
    for record in rows:
        pending.append(record)
        if isinstance(record, ParsedRow):
            return record, pending
        if len(pending) >= CHUNK:
            break
    return None, pending


def _chain(pending: list[Any], rows: Iterator[Any]) -> Iterator[Any]:
    yield from pending
    yield from rows


def _row_problem(row: ParsedRow, agency: Agency, seen: dict[str, int]) -> dict[str, Any] | None:
    row_agency = row.values.get("agency")
    if row_agency and row_agency != agency.code:
        return {
            "row_number": row.row_number,
            "field": "agency",
            "value": row_agency,
            "message": f"agency {row_agency!r} differs from this file's agency "
            f"{agency.code!r}; send each agency's rows in its own file",
        }
    earlier = seen.get(row.row_key)
    if earlier is not None:
        return {
            "row_number": row.row_number,
            "field": None,
            "value": None,
            "message": f"duplicate of row {earlier} (same reference)",
        }
    seen[row.row_key] = row.row_number
    return None


def _stored(
    feed_import: FeedImport, row_number: int, raw: dict[str, str], errors: list[dict[str, Any]]
) -> StoredReject:
    return StoredReject(feed_import=feed_import, row_number=row_number, raw=raw, errors=errors)


def _flush(
    writer: ChunkWriter, drafts: list[Draft], rejects: list[StoredReject], result: ImportResult
) -> None:
    if rejects:
        StoredReject.objects.bulk_create(rejects, batch_size=1000)
        result.rejected += len(rejects)
    if drafts:
        accepted, present = writer.write(drafts)
        result.accepted += accepted
        result.already_present += present


def _file_error_text(error: FileError) -> str:
    if error.row_number:
        return f"{error.reason} (at row {error.row_number})"
    return error.reason


def _record_failure(
    kind: str, path: Path, result: ImportResult, agency_code: str | None, user: Any
) -> None:
    agency = Agency.objects.filter(code=agency_code or result.agency).first()
    if agency is None:
        return
    FeedImport.objects.create(
        kind=kind,
        agency=agency,
        filename=path.name,
        checksum=result.checksum,
        size_bytes=path.stat().st_size if path.exists() else 0,
        status="failed",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        error=result.error[:2000],
        rejected=0,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
    )
