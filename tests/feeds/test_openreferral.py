"""Reading an Open Referral UK services document."""

from __future__ import annotations

import json

import pytest

from linewatch.feeds.openreferral import DirectoryError, read_oruk_services

SERVICE = {
    "id": "a5b1c3d4-0000-4000-8000-000000000001",
    "name": "Turning Point Charnwood",
    "description": "Drug and alcohol treatment",
    "url": "https://example.org/turning-point",
    "email": "charnwood@example.org",
    "status": "active",
    "organization": {"id": "org-1", "name": "Turning Point"},
    "contacts": [
        {"id": "c1", "name": "Duty worker", "phones": [{"id": "p1", "number": "0116 496 0500"}]}
    ],
    "service_at_locations": [
        {
            "id": "sl1",
            "location": {
                "id": "l1",
                "physical_addresses": [{"address_1": "1 High St", "postal_code": "le11 1aa"}],
            },
        }
    ],
    "service_areas": [
        {
            "id": "a1",
            "service_area": "Charnwood",
            "uri": "http://statistics.data.gov.uk/id/statistical-geography/E07000130",
        }
    ],
}


def test_a_page_of_services_is_read_with_phone_postcode_and_areas() -> None:
    page = {"totalElements": 2, "content": [SERVICE, {**SERVICE, "id": "x2", "status": "inactive"}]}
    read = read_oruk_services(json.dumps(page).encode(), authority_of=lambda pc: "E07000130")
    assert not read.problems
    assert len(read.skipped) == 1
    [service] = read.services
    assert service.name == "Turning Point Charnwood"
    assert service.organisation == "Turning Point"
    assert service.phone == "0116 496 0500"
    assert service.postcode == "LE11 1AA"
    assert service.area_codes == ("E07000130",)


def test_one_service_or_a_list_is_read_too() -> None:
    assert len(read_oruk_services(json.dumps(SERVICE).encode()).services) == 1
    assert len(read_oruk_services(json.dumps([SERVICE]).encode()).services) == 1


def test_problems_name_the_service_and_field() -> None:
    read = read_oruk_services(json.dumps([SERVICE, {"id": "x9", "name": ""}]).encode())
    assert [str(p) for p in read.problems] == ["service 2 (x9), name: a service needs a name"]


def test_a_script_address_is_not_kept() -> None:
    read = read_oruk_services(json.dumps({**SERVICE, "url": "javascript:alert(1)"}).encode())
    assert read.services[0].url == ""


@pytest.mark.parametrize(
    ("data", "message"), [(b"{", "not JSON"), (b'{"a": 1}', "not an Open Referral")]
)
def test_what_is_not_a_directory_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(DirectoryError, match=message):
        read_oruk_services(data)


def test_the_documented_example_directory_reads_cleanly() -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "docs/examples/treatment-services.oruk.json"
    read = read_oruk_services(example.read_bytes())
    assert not read.problems
    assert len(read.services) == 9
    assert all(len(s.area_codes) == 1 for s in read.services)
