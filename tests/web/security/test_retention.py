"""Retention: review dates per record class, the review queue, and erasure of a person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import Event, EventPerson
from linewatch.web.interventions.models import Intervention
from linewatch.web.lines.models import LineMember
from linewatch.web.linking.models import EntityMembership, LinkageRun, PersonLink
from linewatch.web.pole.models import Person, PersonAlias, PersonPhone, Phone
from linewatch.web.retention.periods import RetentionConfigError, parse_periods

from ..factories import (
    CountyLineFactory,
    EventFactory,
    InterventionFactory,
    PersonFactory,
    agency,
)

pytestmark = pytest.mark.django_db

YEARS = dt.timedelta(days=366)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ago(years: float) -> dt.datetime:
    return timezone.now() - years * YEARS


def test_the_review_queue_lists_people_past_their_review_date(
    demo_users: dict[str, Any],
) -> None:
    old = PersonFactory(received_at=ago(7), surname="Oldrecord")
    recent = PersonFactory(received_at=ago(1), surname="Newrecord")
    # An old record with a recent event is not due: the period runs from the last activity.
    active = PersonFactory(received_at=ago(8), surname="Stillactive")
    EventPerson.objects.create(event=EventFactory(occurred_at=ago(0.5)), person=active)
    page = signed_in(demo_users["police.analyst"]).get("/retention/", {"class": "person"})
    assert page.status_code == 200
    text = page.content.decode()
    assert f'data-record="person:{old.pk}"' in text
    assert f'data-record="person:{recent.pk}"' not in text
    assert f'data-record="person:{active.pk}"' not in text
    assert f"/retention/people/{old.pk}/erase/" in text


def test_each_class_has_its_own_period(demo_users: dict[str, Any]) -> None:
    line = CountyLineFactory(received_at=ago(8))  # lines: 10 years
    event = EventFactory(occurred_at=ago(7))  # events: 6 years
    client = signed_in(demo_users["police.analyst"])
    assert (
        f"countyline:{line.pk}" not in client.get("/retention/", {"class": "line"}).content.decode()
    )
    assert f"event:{event.pk}" in client.get("/retention/", {"class": "event"}).content.decode()


def test_periods_come_from_a_yaml_file(
    settings: Any, tmp_path: Path, demo_users: dict[str, Any]
) -> None:
    from linewatch.web.retention.periods import DEFAULT_FILE

    text = DEFAULT_FILE.read_text().replace(
        "  line:\n    review_after_years: 10", "  line:\n    review_after_years: 2"
    )
    path = tmp_path / "retention.yaml"
    path.write_text(text)
    settings.LINEWATCH_RETENTION_FILE = str(path)
    line = CountyLineFactory(received_at=ago(3))
    page = signed_in(demo_users["police.analyst"]).get("/retention/", {"class": "line"})
    assert f"countyline:{line.pk}" in page.content.decode()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"review_after_years": 0}, "classes.person.review_after_years"),
        ({"review_after_years": "six"}, "classes.person.review_after_years"),
        ({"from": "occurred_at"}, "classes.person.from"),
    ],
)
def test_a_wrong_retention_file_names_the_class_and_key(change: dict[str, Any], named: str) -> None:
    import yaml

    from linewatch.web.retention.periods import DEFAULT_FILE

    data = yaml.safe_load(DEFAULT_FILE.read_text())
    data["classes"]["person"].update(change)
    with pytest.raises(RetentionConfigError, match=named.replace(".", r"\.")):
        parse_periods(data)


def test_the_queue_applies_the_access_policy(demo_users: dict[str, Any]) -> None:
    police_only = PersonFactory(received_at=ago(7), handling_code="C")
    auditor_page = signed_in(demo_users["police.auditor"]).get("/retention/").content.decode()
    assert f'data-stub="person:{police_only.pk}"' in auditor_page  # auditors: stubs only
    partner = signed_in(demo_users["charnwood.analyst"]).get("/retention/").content.decode()
    assert f'data-record="person:{police_only.pk}"' not in partner  # never in full
    seen = decide_for(demo_users["charnwood.analyst"], police_only)
    assert (f'data-stub="person:{police_only.pk}"' in partner) == (seen is Decision.REDACTED)
    assert signed_in(demo_users["charnwood.practitioner"]).get("/retention/").status_code == 403


def _person_with_everything() -> tuple[Person, dict[str, Any]]:
    person = PersonFactory(first_name="Kestrel", surname="Vantongeren", received_at=ago(7))
    PersonAlias.objects.create(person=person, name="Kes V")
    phone = Phone.objects.create(
        e164="+447700900123", owning_agency=agency(), received_at=timezone.now()
    )
    PersonPhone.objects.create(person=person, phone=phone)
    event = EventFactory()
    EventPerson.objects.create(event=event, person=person, role="subject")
    line = CountyLineFactory()
    LineMember.objects.create(line=line, person=person, role="runner")
    intervention = InterventionFactory(person=person)
    other = PersonFactory()
    run = LinkageRun.objects.create(kind="full", started_at=timezone.now())
    left, right = sorted([person, other], key=lambda p: p.pk)
    PersonLink.objects.create(
        left=left, right=right, probability=0.9, match_weight=3.0, outcome="review", run=run
    )
    EntityMembership.objects.create(person=person, entity_key=f"E{left.pk}", run=run)
    return person, {
        "phone": phone,
        "event": event,
        "line": line,
        "other": other,
        "intervention": intervention,
    }


def test_erasure_removes_the_person_everywhere_and_leaves_an_audit_record(
    demo_users: dict[str, Any],
) -> None:
    person, kept = _person_with_everything()
    pk = person.pk
    client = signed_in(demo_users["police.analyst"])
    page = client.get(f"/retention/people/{pk}/erase/")
    assert page.status_code == 200
    assert "Erase this record" in page.content.decode()
    response = client.post(
        f"/retention/people/{pk}/erase/", {"reason": "Review under retention policy: no purpose"}
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists()
    assert not PersonAlias.objects.filter(person_id=pk).exists()
    assert not PersonPhone.objects.filter(person_id=pk).exists()
    assert not EventPerson.objects.filter(person_id=pk).exists()
    assert not LineMember.objects.filter(person_id=pk).exists()
    assert not PersonLink.objects.filter(left_id=pk).exists()
    assert not PersonLink.objects.filter(right_id=pk).exists()
    assert not EntityMembership.objects.filter(person_id=pk).exists()
    # Records of their own class stay; an intervention about the person is detached.
    assert Phone.objects.filter(pk=kept["phone"].pk).exists()
    assert Event.objects.filter(pk=kept["event"].pk).exists()
    assert Person.objects.filter(pk=kept["other"].pk).exists()
    assert Intervention.objects.get(pk=kept["intervention"].pk).person_id is None
    erasure = AuditEvent.objects.get(action="erasure", object_type="person")
    assert erasure.object_ids == [str(pk)]
    assert erasure.username == "police.analyst"
    assert erasure.justification == "Review under retention policy: no purpose"
    assert "pole.PersonAlias" in erasure.summary
    for personal in ("Kestrel", "Vantongeren", "Kes V", "+447700900123"):
        assert personal not in erasure.summary
        assert personal not in erasure.chained_content()


def test_erasure_needs_a_reason(demo_users: dict[str, Any]) -> None:
    person = PersonFactory()
    response = signed_in(demo_users["police.analyst"]).post(
        f"/retention/people/{person.pk}/erase/", {"reason": ""}
    )
    assert response.status_code == 200
    assert "Enter why the record is being erased" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_only_the_owning_agencys_analysts_may_erase(demo_users: dict[str, Any]) -> None:
    police_record = PersonFactory()
    charnwood = signed_in(demo_users["charnwood.analyst"])
    page = charnwood.get(f"/retention/people/{police_record.pk}/erase/")
    assert page.status_code in (200, 404)
    assert "Erase this record" not in page.content.decode()
    response = charnwood.post(f"/retention/people/{police_record.pk}/erase/", {"reason": "x" * 20})
    assert response.status_code in (403, 404)
    for username in ("police.officer", "police.auditor", "police.admin", "charnwood.practitioner"):
        client = signed_in(demo_users[username])
        response = client.post(f"/retention/people/{police_record.pk}/erase/", {"reason": "x" * 20})
        assert response.status_code == 403, username
    assert Person.objects.filter(pk=police_record.pk).exists()
