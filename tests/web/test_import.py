"""Importing a feed file: provenance on every record, idempotent, atomic, rejects kept with
their reasons, and text stored as sent but shown safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from linewatch.web.events.models import Event
from linewatch.web.intake.loader import file_checksum, import_file
from linewatch.web.intake.models import FeedImport, RejectedRow

ASB_HEADER = (
    "agency,ref,reported_at,category,description,address,postcode,easting,northing,"
    "reporter_type,first_name,surname,dob,gender\n"
)
INTEL_HEADER = (
    "agency,ref,submitted_at,text,postcode,phones,source_evaluation,intelligence_assessment,"
    "handling_code,handling_conditions\n"
)


def asb_row(n: int, reported_at: str = "2021-02-01 18:20", postcode: str = "LE11 3TU") -> str:
    return (
        f"charnwood-bc,ASB-{n},{reported_at},drug_related,Visitors at all hours {n},"
        f'"{n} Sample Street, Loughborough",{postcode},,,resident,,,,\n'
    )


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.fixture
def valid_asb(tmp_path: Path) -> Path:
    return write(tmp_path / "asb-2021-02.csv", ASB_HEADER + "".join(asb_row(n) for n in (1, 2, 3)))


def test_a_valid_file_is_stored_with_its_provenance(
    agencies: dict[str, Any], valid_asb: Path
) -> None:
    result = import_file("asb", valid_asb, agency_code="charnwood-bc")
    assert (result.status, result.accepted, result.rejected) == ("imported", 3, 0)
    feed_import = FeedImport.objects.get(pk=result.import_id)
    assert feed_import.status == "completed"
    assert feed_import.checksum == file_checksum(valid_asb)
    events = list(Event.objects.filter(kind="asb").order_by("source_row"))
    assert [e.ref for e in events] == ["ASB-1", "ASB-2", "ASB-3"]
    for row_number, event in enumerate(events, start=2):  # row 1 is the header
        assert event.owning_agency.code == "charnwood-bc"
        assert event.source_file == "asb-2021-02.csv"
        assert event.source_checksum == feed_import.checksum
        assert event.source_row == row_number
        assert event.feed_import_id == feed_import.pk
        assert event.source_feed == "asb"


def test_importing_the_same_file_again_adds_nothing(
    agencies: dict[str, Any], valid_asb: Path
) -> None:
    import_file("asb", valid_asb, agency_code="charnwood-bc")
    again = import_file("asb", valid_asb, agency_code="charnwood-bc")
    assert again.status == "already imported"
    assert again.accepted == 0
    assert again.already_present == 3
    assert "already" in again.summary_line()
    assert Event.objects.filter(kind="asb").count() == 3
    assert FeedImport.objects.count() == 1


def test_the_same_rows_in_a_new_file_are_not_stored_twice(
    agencies: dict[str, Any], valid_asb: Path, tmp_path: Path
) -> None:
    import_file("asb", valid_asb, agency_code="charnwood-bc")
    bigger = write(tmp_path / "asb-2021-03.csv", ASB_HEADER + asb_row(1) + asb_row(4))
    result = import_file("asb", bigger, agency_code="charnwood-bc")
    assert (result.accepted, result.already_present) == (1, 1)
    assert Event.objects.filter(kind="asb").count() == 4


def test_bad_rows_are_kept_with_their_field_and_reason_and_the_rest_stored(
    agencies: dict[str, Any], tmp_path: Path
) -> None:
    path = write(
        tmp_path / "asb-mixed.csv",
        ASB_HEADER
        + asb_row(1)
        + asb_row(2, reported_at="not a date")
        + asb_row(3)
        + asb_row(4, postcode="NOT A POSTCODE"),
    )
    result = import_file("asb", path, agency_code="charnwood-bc")
    assert (result.status, result.accepted, result.rejected) == ("imported", 2, 2)
    assert sorted(Event.objects.values_list("ref", flat=True)) == ["ASB-1", "ASB-3"]
    rejects = {r.row_number: r for r in RejectedRow.objects.filter(feed_import_id=result.import_id)}
    assert set(rejects) == {3, 5}
    assert rejects[3].raw["reported_at"] == "not a date"
    assert [e["field"] for e in rejects[3].errors] == ["reported_at"]
    assert rejects[5].raw["postcode"] == "NOT A POSTCODE"
    assert [e["field"] for e in rejects[5].errors] == ["postcode"]
    for reject in rejects.values():
        assert all(error["message"] for error in reject.errors)


def test_a_file_that_fails_part_way_stores_nothing(
    agencies: dict[str, Any], tmp_path: Path
) -> None:
    rows = "".join(asb_row(n) for n in range(1, 200))
    broken = write(tmp_path / "asb-broken.csv", (ASB_HEADER + rows).encode() + b"x,\xff\xfe\n")
    result = import_file("asb", broken, agency_code="charnwood-bc")
    assert result.status == "failed"
    assert "UTF-8" in result.error or "utf-8" in result.error.lower()
    assert (result.accepted, result.rejected) == (0, 0)
    assert not Event.objects.exists()
    assert not RejectedRow.objects.exists()
    failed = FeedImport.objects.get()
    assert (failed.status, failed.filename) == ("failed", "asb-broken.csv")
    assert failed.error

    corrected = write(tmp_path / "asb-broken.csv", ASB_HEADER + rows)
    again = import_file("asb", corrected, agency_code="charnwood-bc")
    assert (again.status, again.accepted) == ("imported", 199)
    assert Event.objects.count() == 199


def test_a_truncated_quote_fails_the_whole_file(agencies: dict[str, Any], tmp_path: Path) -> None:
    text = (
        ASB_HEADER
        + asb_row(1)
        + asb_row(2)
        + 'charnwood-bc,ASB-3,2021-02-01 18:20,x,"never closed\n'
    )
    result = import_file("asb", write(tmp_path / "asb-quote.csv", text), agency_code="charnwood-bc")
    assert result.status == "failed", result.summary_line()
    assert not Event.objects.exists()
    assert FeedImport.objects.get().status == "failed"


def test_c_coded_intelligence_without_conditions_is_rejected(
    agencies: dict[str, Any], tmp_path: Path
) -> None:
    path = write(
        tmp_path / "intel.csv",
        INTEL_HEADER
        + "leicestershire-police,INT-1,2021-03-07 10:15,Seen at the flat,,,2,B,C,\n"
        + "leicestershire-police,INT-2,2021-03-07 10:15,Seen at the flat,,,2,B,C,A1 only\n",
    )
    result = import_file("intelligence", path, agency_code="leicestershire-police")
    assert (result.accepted, result.rejected) == (1, 1)
    reject = RejectedRow.objects.get()
    assert reject.row_number == 2
    assert "handling_conditions" in [error["field"] for error in reject.errors]
    assert any("handling_conditions" in (e["message"] + str(e["field"])) for e in reject.errors)


def test_html_in_text_is_stored_verbatim_and_shown_escaped(
    demo_users: dict[str, Any], tmp_path: Path
) -> None:
    payload = '<script>alert("x")</script><b>bold</b>'
    quoted = '"' + payload.replace('"', '""') + '"'
    path = write(
        tmp_path / "intel-html.csv",
        INTEL_HEADER + f"leicestershire-police,INT-9,2021-03-07 10:15,{quoted},,,2,B,P,\n",
    )
    result = import_file("intelligence", path, agency_code="leicestershire-police")
    assert result.accepted == 1, result.summary_line()
    event = Event.objects.get(ref="INT-9")
    assert event.report.text == payload
    client = Client()
    client.force_login(demo_users["police.analyst"])
    html = client.get(reverse("intel:detail", args=[event.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
