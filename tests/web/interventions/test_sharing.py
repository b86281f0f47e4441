"""Share packages: what the handling codes allow, the JSON schema, the PDF, the disclosure log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import EventPerson
from linewatch.web.interventions.models import SharePackage
from linewatch.web.interventions.services import record_intervention
from linewatch.web.interventions.sharing import ShareError, build_package

from ..factories import EventFactory, IntelligenceEventFactory, agency
from .conftest import LineCase

pytestmark = pytest.mark.django_db
DOC = Path(__file__).parents[3] / "docs" / "share-packages.md"


@pytest.fixture
def shared_case(case: LineCase, demo_users: dict[str, Any]) -> LineCase:
    officer = demo_users["police.officer"]
    today = timezone.localdate()
    record_intervention(officer, {"kind": "arrest", "person": case.runner, "started_on": today})
    record_intervention(
        officer,
        {
            "kind": "bail_conditions",
            "person": case.runner,
            "started_on": today,
            "ends_on": today + timezone.timedelta(days=28),
            "exclusion_area_codes": ["E07000130"],
            "no_contact_persons": [case.holder.pk],
        },
    )
    for code, text in (("P", "Runner seen at the flat"), ("C", "Source says the holder is armed")):
        event = IntelligenceEventFactory(handling_code=code, report__text=text)
        EventPerson.objects.create(event=event, person=case.runner, role="subject")
    restricted = IntelligenceEventFactory(sensitivity="restricted", report__text="Covert source")
    EventPerson.objects.create(event=restricted, person=case.runner, role="subject")
    missing = EventFactory(kind="missing_episode", home_force="West Midlands Police")
    EventPerson.objects.create(event=missing, person=case.runner, role="missing person")
    return case


def test_a_package_shares_p_intelligence_withholds_c_and_leaves_out_restricted(
    shared_case: LineCase, demo_users: dict[str, Any]
) -> None:
    analyst = demo_users["police.analyst"]
    package = build_package(
        analyst,
        "person",
        shared_case.runner.pk,
        purpose="Bail management on return to Birmingham",
        lawful_basis="DPA 2018 Part 3 s35, law enforcement purpose",
        recipients=["West Midlands Police"],
    )
    content = package.content
    assert [i["text"] for i in content["intelligence"]] == ["Runner seen at the flat"]
    assert [w["handling_code"] for w in content["withheld_intelligence"]] == ["C"]
    assert "text" not in content["withheld_intelligence"][0]
    assert "armed" not in json.dumps(content)
    assert "Covert source" not in json.dumps(content)
    bail = content["bail_conditions"][0]
    assert bail["exclusion_area_codes"] == ["E07000130"]
    assert bail["no_contact"][0]["reference"] == f"person:{shared_case.holder.pk}"
    assert content["missing_episodes"][0]["home_force"] == "West Midlands Police"
    event = AuditEvent.objects.get(action="disclosure", object_type="person")
    assert event.recipients == "West Midlands Police"
    assert "Bail management" in event.justification
    assert "lawful basis: DPA 2018" in event.justification


def test_c_coded_intelligence_an_officer_may_not_read_is_not_even_listed(
    shared_case: LineCase, demo_users: dict[str, Any]
) -> None:
    council = IntelligenceEventFactory(
        handling_code="C", owning_agency=agency("charnwood-bc"), report__text="Council concern"
    )
    EventPerson.objects.create(event=council, person=shared_case.runner, role="subject")
    package = build_package(
        demo_users["police.officer"],
        "person",
        shared_case.runner.pk,
        purpose="Bail management on return to Birmingham",
        lawful_basis="DPA 2018 Part 3 s35",
        recipients=["West Midlands Police"],
    )
    withheld = [w["originator"] for w in package.content["withheld_intelligence"]]
    assert withheld == ["Leicestershire Police"]  # its own force's C report, text withheld
    assert "Council concern" not in json.dumps(package.content)


def test_the_package_json_validates_against_the_documented_schema(
    shared_case: LineCase, demo_users: dict[str, Any]
) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    package = build_package(
        demo_users["police.analyst"],
        "line",
        shared_case.line.pk,
        purpose="The exporting force's investigation of the line",
        lawful_basis="DPA 2018 Part 3 s35",
        recipients=["West Midlands Police", "Regional Organised Crime Unit"],
    )
    text = DOC.read_text(encoding="utf-8")
    schema = json.loads(text.split("```json\n", 1)[1].split("\n```", 1)[0])
    jsonschema_rs.validate(schema, json.loads(json.dumps(package.content)))
    assert {p["role"] for p in package.content["line"]["people"]} == {"Line holder", "Runner"}


def test_missing_purpose_basis_and_recipients_are_each_named(
    shared_case: LineCase, demo_users: dict[str, Any]
) -> None:
    with pytest.raises(ShareError) as error:
        build_package(
            demo_users["police.analyst"],
            "person",
            shared_case.runner.pk,
            purpose="x",
            lawful_basis="",
            recipients=[" "],
        )
    assert {name for name, _ in error.value.problems} == {"purpose", "lawful_basis", "recipients"}
    assert not SharePackage.objects.exists()
    assert not AuditEvent.objects.filter(action="disclosure").exists()


def test_the_web_form_makes_a_package_downloadable_only_by_its_maker(
    shared_case: LineCase, signed_in: Any
) -> None:
    client = signed_in("police.analyst")
    url = reverse("interventions:share_person", args=[shared_case.runner.pk])
    refused = client.post(url, {"recipients": "", "purpose": "", "lawful_basis": ""})
    assert "govuk-error-summary" in refused.content.decode()
    response = client.post(
        url,
        {
            "recipients": "West Midlands Police",
            "purpose": "Bail management on return to Birmingham",
            "lawful_basis": "DPA 2018 Part 3 s35",
        },
    )
    package = SharePackage.objects.get()
    assert response["Location"] == reverse("interventions:package", args=[package.pk])
    body = client.get(reverse("interventions:package_json", args=[package.pk]))
    assert json.loads(body.content)["package_id"] == package.pk
    pdf = client.get(reverse("interventions:package_pdf", args=[package.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="disclosure", object_type="share_package").count() == 2
    other = signed_in("police.officer")
    assert other.get(reverse("interventions:package", args=[package.pk])).status_code == 404
    assert other.get(reverse("interventions:package_json", args=[package.pk])).status_code == 404


def test_partners_may_not_make_share_packages(shared_case: LineCase, signed_in: Any) -> None:
    client = signed_in("charnwood.practitioner")
    url = reverse("interventions:share_line", args=[shared_case.line.pk])
    assert client.get(url).status_code == 403
