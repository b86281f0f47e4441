"""Uploading a feed file: the loader's report with every rejected row, idempotent, limited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import Event

pytestmark = pytest.mark.django_db

CSV = (
    b"ref,found_at,count,setting\n"
    b"NF-1,2024-03-07 10:15,3,park\n"
    b"NF-2,2024-03-08 11:00,lots,street\n"
    b"NF-3,2024-03-09 12:00,2,nowhere\n"
    b"NF-4,2024-03-10 08:30,1,stairwell\n"
)


def upload(api: Any, token: str, content: bytes = CSV, name: str = "needles.csv") -> Any:
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return api("post", "feeds/needle-finds", token, data={"file": file})


def test_upload_reports_accepted_and_each_rejected_row(api: Any, council_token: str) -> None:
    response = upload(api, council_token)
    assert response.status_code == 200, response.content
    report = response.json()
    assert (report["accepted"], report["rejected"], report["already_present"]) == (2, 2, 0)
    assert report["agency"] == "charnwood-bc"
    rejected = {(row["row"], row["field"]) for row in report["rejected_rows"]}
    assert rejected == {(3, "count"), (4, "setting")}
    assert all(row["message"] for row in report["rejected_rows"])
    events = Event.objects.filter(kind="needle_find")
    assert events.count() == 2
    assert set(events.values_list("api_client", flat=True)) == {"charnwood-asb-system"}
    assert set(events.values_list("source_file", flat=True)) == {"needles.csv"}
    entry = AuditEvent.objects.filter(object_type="feed_import", username__startswith="api:")
    assert entry.get().username == "api:charnwood-asb-system"


def test_the_same_file_twice_is_already_present(api: Any, council_token: str) -> None:
    assert upload(api, council_token).json()["accepted"] == 2
    again = upload(api, council_token, name="needles-again.csv").json()
    assert (again["accepted"], again["already_present"]) == (0, 2)
    assert Event.objects.filter(kind="needle_find").count() == 2


def test_rows_already_sent_are_already_present(api: Any, council_token: str) -> None:
    upload(api, council_token)
    more = CSV + b"NF-5,2024-03-11 08:30,4,park\n"
    report = upload(api, council_token, more).json()
    assert (report["accepted"], report["already_present"]) == (1, 2)


def test_an_unreadable_file_is_422_with_the_reason(api: Any, council_token: str) -> None:
    response = upload(api, council_token, b"nothing,useful\n1,2\n")
    assert response.status_code == 422
    assert "missing required column" in response.json()["detail"]


def test_an_oversized_upload_is_413(api: Any, council_token: str, settings: Any) -> None:
    settings.LINEWATCH_API_MAX_UPLOAD_BYTES = 100
    response = upload(api, council_token, CSV + b"NF-9,2024-03-07 10:15,3,park\n" * 5000)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert not Event.objects.exists()


def test_a_file_part_over_the_limit_is_413(api: Any, council_token: str, settings: Any) -> None:
    settings.LINEWATCH_API_MAX_UPLOAD_BYTES = len(CSV) - 1
    assert upload(api, council_token).status_code == 413


def test_auditors_may_not_upload(api: Any, make_client: Any) -> None:
    token = make_client("charnwood-bc", "auditor")
    assert upload(api, token).status_code == 403


def test_an_upload_without_a_file_is_422(api: Any, council_token: str) -> None:
    response = api("post", "feeds/needle-finds", council_token, data={})
    assert response.status_code == 422
    assert "file" in {error["field"] for error in response.json()["errors"]}
