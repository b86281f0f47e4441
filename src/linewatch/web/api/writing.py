"""Writing what an API client submits, through the same machinery as feed files.

A submitted event (or intelligence report) is parsed as one row of its feed kind
(:func:`linewatch.feeds.single_row.parse_mapping`), mapped by the feed's mapper and written by
the loader's :class:`ChunkWriter`, so it meets exactly the validation of a file and is
recognised as already present by the same key (agency, feed kind, reference) whether it came
by file or by API. Each submission is recorded as a one-row :class:`FeedImport` named after
the client, and every record it creates carries ``api_client``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from linewatch.feeds import FEEDS, ParsedRow, RejectedRow
from linewatch.feeds.single_row import parse_mapping
from linewatch.web.api.principal import ApiPrincipal
from linewatch.web.api.problems import ApiProblem
from linewatch.web.events.models import Event
from linewatch.web.intake.drafts import MAPPERS
from linewatch.web.intake.event_writer import ChunkWriter
from linewatch.web.intake.loader import ImportResult, import_file
from linewatch.web.intake.models import FeedImport
from linewatch.web.intake.models import RejectedRow as StoredReject
from linewatch.web.intake.uploads import safe_filename
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person, Phone, Vehicle

PROVENANCED = (Event, Location, Person, Phone, Vehicle, CountyLine)
MAX_LISTED_REJECTS = 1000


@dataclass(frozen=True)
class Submission:
    event: Event
    created: bool


def _stamp(feed_import: FeedImport, principal: ApiPrincipal, **extra: Any) -> None:
    """Mark every record the import created as the client's."""
    for model in PROVENANCED:
        manager: models.Manager[Any] = model._default_manager
        manager.filter(feed_import=feed_import).update(api_client=principal.name, **extra)


def submit_row(
    principal: ApiPrincipal,
    kind: str,
    values: dict[str, Any],
    field_names: dict[str, str] | None = None,
) -> Submission:
    """Validate and write one row of feed ``kind``; 422 naming each bad field."""
    agency = principal.agency
    row = parse_mapping(kind, values, agency=agency.code)
    names = field_names or {}
    if isinstance(row, RejectedRow):
        raise ApiProblem(
            422,
            f"The {kind} record is not valid; see errors.",
            [(names.get(e.field or "", e.field), e.message) for e in row.errors],
        )
    assert isinstance(row, ParsedRow)
    row_agency = row.values.get("agency")
    if row_agency and row_agency != agency.code:
        raise ApiProblem(
            422,
            "A client submits records for its own agency only.",
            [("agency", f"agency {row_agency!r} is not this client's agency {agency.code!r}")],
        )
    canonical = json.dumps(row.raw, sort_keys=True, default=str).encode("utf-8")
    now = timezone.now()
    with transaction.atomic():
        feed_import = FeedImport.objects.create(
            kind=kind,
            agency=agency,
            filename=f"api:{principal.name}"[:255],
            checksum=hashlib.sha256(canonical).hexdigest(),
            size_bytes=len(canonical),
            started_at=now,
        )
        writer = ChunkWriter(kind, agency, feed_import, "", feed_import.checksum, None)
        accepted, present = writer.write([MAPPERS[kind](row)])
        feed_import.accepted, feed_import.already_present = accepted, present
        feed_import.status, feed_import.finished_at = "completed", timezone.now()
        feed_import.save()
        _stamp(feed_import, principal)
        event = Event.objects.select_related("owning_agency").get(
            owning_agency=agency, source_feed=kind, source_key=row.row_key[:128]
        )
    return Submission(event, created=bool(accepted))


def import_upload(
    principal: ApiPrincipal, kind: str, upload: Any, max_bytes: int
) -> dict[str, Any]:
    """Import an uploaded feed file for the client's agency; the loader's report, with the
    rejected rows listed."""
    if kind not in FEEDS:
        raise ApiProblem(404, f"No feed kind {kind!r}.")
    if upload.size is not None and upload.size > max_bytes:
        raise ApiProblem(413, f"The file is larger than the {max_bytes:,}-byte limit; split it.")
    folder = Path(tempfile.mkdtemp(prefix="linewatch-api-"))
    try:
        path = folder / safe_filename(upload.name, kind)
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        result = import_file(kind, path, agency_code=principal.agency.code, user=None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if result.status == "failed":
        raise ApiProblem(
            422, f"The file was not imported: {result.error}", [("file", result.error)]
        )
    if result.status == "imported" and result.import_id is not None:
        feed_import = FeedImport.objects.get(pk=result.import_id)
        with transaction.atomic():
            _stamp(feed_import, principal)
    return report(result)


def report(result: ImportResult) -> dict[str, Any]:
    body = result.as_dict()
    body.pop("error", None)
    rows: list[dict[str, Any]] = []
    if result.import_id is not None and result.status == "imported":
        rejects = StoredReject.objects.filter(feed_import_id=result.import_id).order_by(
            "row_number"
        )
        for reject in rejects[:MAX_LISTED_REJECTS]:
            for error in reject.errors:
                rows.append(
                    {
                        "row": error.get("row_number") or reject.row_number,
                        "field": error.get("field"),
                        "value": None if error.get("value") is None else str(error["value"]),
                        "message": str(error.get("message", "")),
                    }
                )
    body["rejected_rows"] = rows
    return body
