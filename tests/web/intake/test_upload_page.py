"""The upload page: a practitioner sends a feed file and sees what was accepted and rejected;
the progress endpoint moves; rejected rows can be downloaded for correction; XLSX works."""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from linewatch.web.events.models import Event
from linewatch.web.intake.models import FeedImport, RejectedRow, UploadJob
from linewatch.web.intake.uploads import count_rows, mark_if_interrupted

pytestmark = pytest.mark.django_db

ASB_HEADER = (
    "agency,ref,reported_at,category,description,address,postcode,easting,northing,"
    "reporter_type,first_name,surname,dob,gender\n"
)


def asb_csv(good: int, bad_postcodes: int = 0) -> bytes:
    rows = [ASB_HEADER]
    for n in range(good):
        rows.append(
            f"charnwood-bc,ASB-{n},2021-02-01 18:20,drug_related,Visitors at all hours {n},"
            f'"{n} Sample Street, Loughborough",LE11 3TU,,,resident,,,,\n'
        )
    for n in range(bad_postcodes):
        rows.append(
            f"charnwood-bc,BAD-{n},2021-02-01 18:20,drug_related,Noise {n},"
            f'"{n} Sample Street, Loughborough",NOT A CODE,,,resident,,,,\n'
        )
    return "".join(rows).encode()


@pytest.fixture(autouse=True)
def inline_imports(settings: Any, tmp_path: Any) -> None:
    settings.LINEWATCH_UPLOADS_IN_BACKGROUND = False
    settings.LINEWATCH_UPLOAD_DIR = str(tmp_path / "uploads")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, kind: str, name: str, body: bytes) -> Any:
    upload = SimpleUploadedFile(name, body, content_type="text/csv")
    return client.post(reverse("intake:upload"), {"kind": kind, "file": upload})


def test_a_practitioner_uploads_asb_reports_and_sees_the_rejected_rows(
    demo_users: dict[str, Any],
) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    form = client.get(reverse("intake:upload"))
    assert form.status_code == 200
    assert "Anti-social behaviour" in form.content.decode() or "asb" in form.content.decode()

    response = send(client, "asb", "march asb.csv", asb_csv(good=3, bad_postcodes=2))
    job = UploadJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:status", args=[job.pk])
    assert job.status == "done"
    assert job.total_rows == 5
    assert (job.result["accepted"], job.result["rejected"]) == (3, 2)
    # Provenance keeps the sender's file name (made safe), not a spool name.
    assert FeedImport.objects.get().filename == "march_asb.csv"
    assert Event.objects.filter(source_file="march_asb.csv").count() == 3

    page = client.get(response["Location"]).content.decode()
    assert "3 accepted, 2 rejected, 0 already present" in page
    assert page.count('<td class="govuk-table__cell">NOT A CODE</td>') == 2
    assert "Download them as a CSV" in page

    progress = client.get(reverse("intake:progress", args=[job.pk])).json()
    assert progress == {
        "status": "done",
        "status_label": "Finished",
        "finished": True,
        "rows_done": 5,
        "total_rows": 5,
        "percent": 100,
    }

    download = client.get(reverse("intake:rejected-csv", args=[job.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [row["ref"] for row in rows] == ["BAD-0", "BAD-1"]
    assert all("postcode" in row["problems"] for row in rows)
    assert RejectedRow.objects.count() == 2


def test_the_same_file_twice_adds_nothing_and_says_so(demo_users: dict[str, Any]) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    send(client, "asb", "asb.csv", asb_csv(good=2))
    again = send(client, "asb", "asb-again.csv", asb_csv(good=2))
    page = client.get(again["Location"]).content.decode()
    assert "Already imported" in page
    assert "nothing was added" in page
    assert Event.objects.count() == 2


def test_a_file_that_cannot_be_read_is_reported_and_nothing_is_stored(
    demo_users: dict[str, Any],
) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    response = send(client, "asb", "asb.csv", "ref;reported_at\n1;2021\n".encode("utf-16"))
    page = client.get(response["Location"]).content.decode()
    assert "The file was not imported" in page
    assert "Nothing from this file was stored." in page
    assert Event.objects.count() == 0


def test_the_form_names_each_problem(demo_users: dict[str, Any]) -> None:
    client = signed_in(demo_users["charnwood.practitioner"])
    empty = client.post(reverse("intake:upload"), {})
    page = empty.content.decode()
    assert "There is a problem" in page
    assert "Choose what is in the file" in page
    assert "Choose a file to upload" in page
    wrong_type = send(client, "asb", "notes.txt", b"hello")
    assert "must be a CSV (.csv) or an Excel workbook (.xlsx)" in wrong_type.content.decode()
    # A kind the agency does not send is not offered and is refused.
    police_only = send(client, "police-uk-street", "street.csv", b"Crime ID\n")
    assert "Select a valid choice" in police_only.content.decode()
    assert UploadJob.objects.count() == 0


def test_an_oversized_file_is_refused(demo_users: dict[str, Any], settings: Any) -> None:
    settings.LINEWATCH_UPLOAD_MAX_BYTES = 100
    client = signed_in(demo_users["charnwood.practitioner"])
    response = send(client, "asb", "asb.csv", asb_csv(good=5))
    assert "the limit is 100" in response.content.decode()
    assert UploadJob.objects.count() == 0


def test_intelligence_in_an_xlsx_workbook_goes_in_through_the_page(
    demo_users: dict[str, Any],
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ref", "submitted_at", "text", "postcode", "phones", "handling_code"])
    sheet.append(["XL-1", datetime(2021, 3, 7, 10, 15), "Two lads dealing", "LE11 3TU", 7700900123])
    sheet.append(["XL-2", datetime(2021, 3, 8, 9, 0), "Car outside", "LE1 NOPE", None])
    body = io.BytesIO()
    book.save(body)
    client = signed_in(demo_users["police.analyst"])
    response = client.post(
        reverse("intake:upload"),
        {"kind": "intelligence", "file": SimpleUploadedFile("intel.xlsx", body.getvalue())},
    )
    job = UploadJob.objects.get()
    assert job.total_rows == 2
    assert (job.result["accepted"], job.result["rejected"]) == (1, 1), job.result
    report = Event.objects.get(kind="intelligence")
    assert report.source_file == "intel.xlsx"
    assert report.source_row == 2
    assert "LE1 NOPE" in client.get(response["Location"]).content.decode()


def test_a_renamed_file_that_is_not_a_workbook_is_refused(demo_users: dict[str, Any]) -> None:
    client = signed_in(demo_users["police.analyst"])
    response = send(client, "intelligence", "intel.xlsx", b"ref,text\n1,hello\n")
    job = UploadJob.objects.get()
    assert job.status == "failed"
    assert "not an Excel .xlsx workbook" in client.get(response["Location"]).content.decode()


def test_uploads_belong_to_the_agency_and_roles_that_send_them(
    demo_users: dict[str, Any],
) -> None:
    send(signed_in(demo_users["charnwood.practitioner"]), "asb", "asb.csv", asb_csv(good=1))
    job = UploadJob.objects.get()
    other_agency = signed_in(demo_users["housing.officer"])
    assert other_agency.get(reverse("intake:status", args=[job.pk])).status_code == 404
    assert other_agency.get(reverse("intake:progress", args=[job.pk])).status_code == 404
    assert other_agency.get(reverse("intake:rejected-csv", args=[job.pk])).status_code == 404
    assert "asb.csv" not in other_agency.get(reverse("intake:upload")).content.decode()
    auditor = signed_in(demo_users["police.auditor"])
    assert auditor.get(reverse("intake:upload")).status_code == 403


def test_an_import_left_unfinished_by_a_restart_says_so(demo_users: dict[str, Any]) -> None:
    user = demo_users["charnwood.practitioner"]
    job = UploadJob.objects.create(
        kind="asb", agency=user.agency, uploaded_by=user, filename="asb.csv", status="running"
    )
    assert mark_if_interrupted(job).status == "failed"
    page = signed_in(user).get(reverse("intake:status", args=[job.pk])).content.decode()
    assert "stopped before it finished" in page


@pytest.mark.django_db(transaction=True)
def test_a_background_import_reports_progress_until_it_finishes(
    demo_users: dict[str, Any], settings: Any
) -> None:
    settings.LINEWATCH_UPLOADS_IN_BACKGROUND = True
    client = signed_in(demo_users["charnwood.practitioner"])
    response = send(client, "asb", "asb.csv", asb_csv(good=50))
    url = reverse("intake:progress", args=[UploadJob.objects.get().pk])
    seen = []
    for _ in range(200):
        progress = client.get(url).json()
        seen.append(progress["status"])
        if progress["finished"]:
            break
        time.sleep(0.05)
    assert progress["status"] == "done", seen
    assert progress["rows_done"] == progress["total_rows"] == 50
    assert "50 accepted" in client.get(response["Location"]).content.decode()


def test_row_counts_for_the_bar(tmp_path: Any) -> None:
    (tmp_path / "a.csv").write_bytes(b"h\n1\n2\n3")
    (tmp_path / "b.csv").write_bytes(b"h\n1\n2\n")
    (tmp_path / "c.csv").write_bytes(b"")
    assert [count_rows(tmp_path / n) for n in ("a.csv", "b.csv", "c.csv")] == [3, 2, 0]
