"""Keeping the register: lines by hand and from clusters, numbers, people, addresses, status,
check-backs and headline figures — police roles only, every write audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import EventPhone
from linewatch.web.lines.figures import headline_figures
from linewatch.web.lines.models import CheckBack, CountyLine, DealLineNumber, LineMember
from linewatch.web.pole.models import Phone

from ..factories import CountyLineFactory, EventFactory, PersonFactory, agency

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def analyst(demo_users: dict[str, Any]) -> Client:
    return client_for(demo_users["police.analyst"])


def test_analyst_adds_a_line_by_hand(analyst: Client, agencies: Any) -> None:
    response = analyst.post(
        "/lines/new/",
        {
            "name": "BLUE line",
            "exporting_force": "West Midlands Police",
            "exporting_area": "Birmingham",
            "importing_areas": ["E07000130", "E07000134"],
            "importing_towns": "Loughborough, Coalville, Loughborough",
            "first_seen": "2026-01-10",
            "handling_code": "P",
            "sensitivity": "standard",
        },
    )
    line = CountyLine.objects.get(name="BLUE line")
    assert response.status_code == 302
    assert response["Location"] == f"/lines/{line.pk}/"
    assert line.status == "suspected"
    assert line.importing_areas == ["E07000130", "E07000134"]
    assert line.importing_towns == ["Loughborough", "Coalville"]
    assert line.owning_agency.code == "leicestershire-police"
    assert line.status_history.get().reason == "Added to the register"
    assert AuditEvent.objects.filter(action="collection", object_type="county_line").exists()


def test_line_form_names_each_bad_field(analyst: Client, agencies: Any) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    html = analyst.post(
        "/lines/new/",
        {
            "name": "",
            "first_seen": tomorrow,
            "importing_areas": ["E99999999"],
            "handling_code": "P",
        },
    ).content.decode()
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert "First seen must not be in the future" in html
    assert "E99999999 is not one of the available choices" in html
    assert not CountyLine.objects.exists()


@pytest.mark.parametrize("username", ["charnwood.analyst", "police.auditor", "housing.officer"])
def test_only_police_roles_write(username: str, demo_users: dict[str, Any]) -> None:
    client = client_for(demo_users[username])
    line = CountyLineFactory()
    assert client.get("/lines/new/").status_code == 403
    assert client.post("/lines/new/", {"name": "X", "handling_code": "P"}).status_code == 403
    for page in ("status", "numbers/add", "people/add", "addresses/add"):
        assert client.get(f"/lines/{line.pk}/{page}/").status_code == 403
    assert "Add a line" not in client.get("/lines/").content.decode()


def test_line_page_shows_numbers_people_addresses_and_network(
    small_line: dict[str, Any], analyst: Client
) -> None:
    line = small_line["line"]
    html = analyst.get(f"/lines/{line.pk}/").content.decode()
    assert "07700 900123" in html
    assert f'data-record="person:{small_line["holder"].pk}"' in html
    assert f'data-record="location:{small_line["flat"].pk}"' in html
    assert f"/network/?centre=phone:{small_line['deal'].pk}" in html


def test_status_lifecycle_through_the_form(analyst: Client, agencies: Any) -> None:
    line = CountyLineFactory(status="active")
    bad = analyst.post(f"/lines/{line.pk}/status/", {"status": "closed", "reason": "Charged"})
    assert "Choose Type 1 or Type 2" in bad.content.decode()
    skip = analyst.post(f"/lines/{line.pk}/status/", {"status": "re_emerged", "reason": "x"})
    assert "Select a valid choice" in skip.content.decode()
    ok = analyst.post(
        f"/lines/{line.pk}/status/",
        {"status": "closed", "closure_type": "1", "reason": "Holder charged with PWITS"},
    )
    assert ok.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.closure_type) == ("closed", "1")
    html = analyst.get(f"/lines/{line.pk}/").content.decode()
    assert "Holder charged with PWITS" in html
    assert "Priya Shah" in html  # who changed it
    assert "Type 1" in html
    assert html.count("Record<span") == 3  # three check-backs scheduled
    event = AuditEvent.objects.get(action="alteration", object_type="county_line")
    assert event.justification == "Holder charged with PWITS"


def test_checkback_is_recorded_once(analyst: Client, agencies: Any) -> None:
    line = CountyLineFactory(status="closed", closure_type="1")
    checkback = CheckBack.objects.create(line=line, due_on=dt.date(2026, 1, 1))
    url = f"/lines/{line.pk}/checkbacks/{checkback.pk}/"
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert (
        "future date"
        in analyst.post(url, {"result": "out_of_use", "done_on": future}).content.decode()
    )
    done = analyst.post(url, {"result": "out_of_use", "done_on": "2026-01-02", "notes": "Dead"})
    assert done.status_code == 302
    checkback.refresh_from_db()
    assert checkback.result == "out_of_use"
    assert checkback.done_by.username == "police.analyst"
    again = analyst.post(url, {"result": "in_use", "done_on": "2026-01-03"})
    assert "already recorded" in again.content.decode()
    scheduled = analyst.post(f"/lines/{line.pk}/checkbacks/add/", {"due_on": "2026-04-01"})
    assert scheduled.status_code == 302
    assert line.checkbacks.count() == 2
    assert analyst.post(f"/lines/{line.pk}/checkbacks/add/", {"due_on": "x"}).status_code == 400


def test_numbers_people_and_addresses(small_line: dict[str, Any], analyst: Client) -> None:
    line = small_line["line"]
    bad = analyst.post(f"/lines/{line.pk}/numbers/add/", {"number": "12"})
    assert "is not a valid phone number" in bad.content.decode()
    backwards = analyst.post(
        f"/lines/{line.pk}/numbers/add/",
        {"number": "07700900999", "valid_from": "2026-03-01", "valid_to": "2026-02-01"},
    )
    assert "must not be before the start" in backwards.content.decode()
    overlap = analyst.post(
        f"/lines/{line.pk}/numbers/add/", {"number": "+44 7700 900123", "valid_from": "2026-02-01"}
    )
    assert "already a number of this line" in overlap.content.decode()
    added = analyst.post(
        f"/lines/{line.pk}/numbers/add/", {"number": "7700900999", "valid_from": "2026-04-01"}
    )
    assert added.status_code == 302
    assert DealLineNumber.objects.filter(line=line, phone__e164="+447700900999").exists()
    person = PersonFactory()
    assert (
        analyst.post(
            f"/lines/{line.pk}/people/add/", {"person": f"person:{person.pk}", "role": "runner"}
        ).status_code
        == 302
    )
    duplicate = analyst.post(
        f"/lines/{line.pk}/people/add/", {"person": str(person.pk), "role": "runner"}
    )
    assert "already recorded" in duplicate.content.decode()
    hidden = PersonFactory(owning_agency=agency("llr-recovery"), sensitivity="restricted")
    refused = analyst.post(
        f"/lines/{line.pk}/people/add/", {"person": f"person:{hidden.pk}", "role": "user"}
    )
    assert "that you may see" in refused.content.decode()
    assert (
        "is not a person reference"
        in analyst.post(
            f"/lines/{line.pk}/people/add/", {"person": "Jay", "role": "user"}
        ).content.decode()
    )
    flat = small_line["flat"]
    assert (
        analyst.post(
            f"/lines/{line.pk}/addresses/add/", {"location": f"location:{flat.pk}", "role": "stash"}
        ).status_code
        == 302
    )
    combos = AuditEvent.objects.filter(action="combination", object_type="county_line")
    assert combos.count() == 3


def test_a_new_number_reaching_the_same_customers_is_proposed(
    small_line: dict[str, Any], analyst: Client
) -> None:
    police = agency("leicestershire-police")
    new = Phone.objects.create(
        e164="+447700900555", owning_agency=police, received_at=timezone.now()
    )
    for customer in small_line["customers"][:4]:
        contact = EventFactory(kind="handset_contact")
        EventPhone.objects.create(event=contact, phone=new, role="handset")
        EventPhone.objects.create(event=contact, phone=customer, role="contact")
    html = analyst.get("/lines/numbers/check/", {"number": "07700 900555"}).content.decode()
    assert "Proposed: the same line as" in html
    assert "TINY line" in html
    assert "4 of the new number&#x27;s contacts (100%)" in html
    other = CountyLineFactory(name="OTHER line")
    response = analyst.post(
        f"/lines/{other.pk}/numbers/add/", {"number": "07700900555"}, follow=True
    )
    assert "may be the same line as TINY line" in response.content.decode()
    unknown = analyst.get("/lines/numbers/check/", {"number": "07700 900777"}).content.decode()
    assert "not in any record you may see" in unknown


def test_line_from_a_cluster(small_line: dict[str, Any], analyst: Client) -> None:
    nodes = [
        f"phone:{small_line['deal'].pk}",
        f"person:{small_line['holder'].pk}",
        f"person:{small_line['runner'].pk}",
        f"location:{small_line['flat'].pk}",
    ]
    plan = analyst.post("/lines/new/from-cluster/", {"nodes": nodes}).content.decode()
    assert "Create a line from a cluster" in plan
    assert "07700 900123" in plan
    response = analyst.post(
        "/lines/new/from-cluster/",
        {"nodes": nodes, "name": "CLUSTER line", "handling_code": "P", "sensitivity": "standard"},
    )
    assert response.status_code == 302
    line = CountyLine.objects.get(name="CLUSTER line")
    assert line.numbers.get().phone == small_line["deal"]
    roles = dict(LineMember.objects.filter(line=line).values_list("person_id", "role"))
    assert roles[small_line["holder"].pk] == "holder"
    assert roles[small_line["runner"].pk] == "runner"
    assert line.addresses.get().role == "cuckooed"


def test_headline_figures_per_local_authority(analyst: Client, demo_users: dict[str, Any]) -> None:
    CountyLineFactory(status="active", importing_areas=["E07000130", "E07000134"])
    CountyLineFactory(status="re_emerged", importing_areas=["E07000130"])
    CountyLineFactory(status="disrupted", importing_areas=["E06000016"])
    CountyLineFactory(status="closed", importing_areas=["E07000130"])
    CountyLineFactory(status="active", owning_agency=agency("llr-recovery"), importing_areas=[])
    figures = headline_figures(demo_users["police.analyst"])
    assert (figures.active, figures.disrupted, figures.closed, figures.no_area) == (3, 1, 1, 1)
    by_code = {a.code: a for a in figures.areas}
    assert (by_code["E07000130"].name, by_code["E07000130"].active) == ("Charnwood", 2)
    assert by_code["E07000134"].active == 1
    assert (by_code["E06000016"].active, by_code["E06000016"].disrupted) == (0, 1)
    assert len(figures.areas) == 9
    # the treatment provider knows only of its own agency's records
    assert headline_figures(demo_users["recovery.worker"]).active == 1
    html = analyst.get("/lines/").content.decode()
    assert 'id="headline-active">3</span>lines active across the partnership area' in html
    assert "E07000130" in html
