"""Importing the treatment services directory (Open Referral UK JSON) into the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from linewatch.feeds.openreferral import DirectoryError, read_oruk_services
from linewatch.web.audit.trail import record as audit
from linewatch.web.messaging.models import TreatmentService

__all__ = ["DirectoryError", "DirectoryImport", "import_directory"]


@dataclass
class DirectoryImport:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _authority_of(postcode: str) -> str | None:
    from linewatch.core.geography import GeographyError, locate_postcode

    try:
        return locate_postcode(postcode).authority_code
    except (GeographyError, KeyError, ValueError):
        return None


def import_directory(
    data: bytes, filename: str, *, user: Any = None, request: HttpRequest | None = None
) -> DirectoryImport:
    """Create or update every service in the file, all at once; refuse the whole file when a
    service in it is malformed (each problem is named)."""
    read = read_oruk_services(data, authority_of=_authority_of)
    result = DirectoryImport(problems=[str(p) for p in read.problems], skipped=read.skipped)
    if result.problems:
        return result
    if not read.services:
        raise DirectoryError("the file lists no active services")
    with transaction.atomic():
        for service in read.services:
            _, created = TreatmentService.objects.update_or_create(
                oruk_id=service.oruk_id,
                defaults={
                    "name": service.name,
                    "organisation": service.organisation[:200],
                    "description": service.description,
                    "url": service.url,
                    "email": service.email,
                    "phone": service.phone,
                    "postcode": service.postcode,
                    "area_codes": list(service.area_codes),
                    "source_file": filename[:255],
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    audit(
        "collection",
        "treatment_service",
        [s.oruk_id for s in read.services],
        f"Imported {len(read.services)} treatment services from {filename}",
        request=request,
        user=user,
    )
    return result
