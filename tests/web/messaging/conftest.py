"""Fixtures for the campaign tests: a handset's contact list imported through the real
intake, a treatment service, and the local Notify test server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, for notify_server

from notify_server import API_KEY, TEMPLATE, TEMPLATE_ID, NotifyServer, running_notify

HANDSET_NUMBER = "+447700900999"
CONTACT_NUMBERS = [f"07700 900{n:03d}" for n in range(1, 21)]


def handset_csv(numbers: list[str], handset_ref: str = "LP/EXH/TEST/1") -> str:
    lines = ["agency,handset_ref,seized_at,handset_number,contact_name,phone,message_count"]
    for index, number in enumerate(numbers):
        lines.append(
            f"leicestershire-police,{handset_ref},2026-11-20T10:00:00,{HANDSET_NUMBER},"
            f"Contact {index},{number},{index + 1}"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def handset_import(tmp_path: Path, demo_users: dict[str, Any]) -> Any:
    """Twenty mobile contacts and a landline imported as the police would."""
    from linewatch.web.intake.loader import import_file
    from linewatch.web.intake.models import FeedImport

    path = tmp_path / "handset.csv"
    path.write_text(handset_csv([*CONTACT_NUMBERS, "0116 496 0123"]), encoding="utf-8")
    result = import_file("handset-contacts", path)
    assert result.status == "imported", result.error
    assert result.accepted == 21
    return FeedImport.objects.get(pk=result.import_id)


@pytest.fixture
def service(db: Any) -> Any:
    from linewatch.web.messaging.models import TreatmentService

    return TreatmentService.objects.create(
        oruk_id="svc-charnwood",
        name="Turning Point Charnwood",
        phone="0116 496 0500",
        area_codes=["E07000130"],
    )


@pytest.fixture
def notify() -> Iterator[NotifyServer]:
    with running_notify() as server:
        yield server


@pytest.fixture
def notify_settings(settings: Any, notify: NotifyServer) -> NotifyServer:
    """Linewatch's Notify client pointed at the local server, with quick retries."""
    settings.LINEWATCH_NOTIFY_API_KEY = API_KEY
    settings.LINEWATCH_NOTIFY_BASE_URL = notify.url
    settings.LINEWATCH_NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.LINEWATCH_NOTIFY_RATE_PER_SECOND = 500
    settings.LINEWATCH_NOTIFY_BACKOFF_SECONDS = 0.01
    settings.LINEWATCH_NOTIFY_TIMEOUT = 1
    return notify


__all__ = ["TEMPLATE", "handset_csv"]
