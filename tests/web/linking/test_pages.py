"""The review queue, the pair page, the merged profile and the person page's panel, through
the access policy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from linewatch.web.audit.models import AuditEvent
from linewatch.web.linking.models import PersonLink
from linewatch.web.linking.runs import Settings, run_linkage
from linewatch.web.pole.models import Person

from .conftest import Population

pytestmark = pytest.mark.django_db
SETTINGS = Settings(auto_link=0.95, review_floor=0.3)
RECORD = re.compile(r'data-record="person:(\d+)"')
STUB = re.compile(r'data-stub="person:(\d+)"')


@pytest.fixture
def linked(population: Population, demo_users: dict[str, Any]) -> Population:
    run_linkage("full", settings=SETTINGS)
    return population


def _client(users: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(users[username])
    return client


def _link(pair: tuple[int, int]) -> PersonLink:
    return PersonLink.objects.get(left_id=min(pair), right_id=max(pair))


def test_the_queue_is_for_police_analysts(linked: Population, demo_users: dict[str, Any]) -> None:
    for username in ("police.officer", "charnwood.practitioner", "police.auditor"):
        assert _client(demo_users, username).get(reverse("linking:queue")).status_code == 403
    html = _client(demo_users, "police.analyst").get(reverse("linking:queue")).content.decode()
    for pair in linked.sketchy:
        assert f'href="{reverse("linking:pair", args=[_link(pair).pk])}"' in html
    assert f"{len(linked.sketchy)} pairs awaiting review" in html


def test_a_pair_with_a_record_the_analyst_may_not_read_shows_a_stub_and_no_decision(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    police_pk, partner_pk = linked.sketchy[0]
    # Source protection: another agency's restricted record is a stub to a police analyst.
    Person.objects.filter(pk=partner_pk).update(sensitivity="restricted")
    client = _client(demo_users, "police.analyst")
    html = client.get(reverse("linking:queue")).content.decode()
    row = html.split(f'data-pair="{_link(linked.sketchy[0]).pk}"')[1].split("</tr>")[0]
    assert f'data-stub="person:{partner_pk}"' in row
    assert f'data-record="person:{police_pk}"' in row
    assert "Review" not in row
    assert "ask the holder" in row
    url = reverse("linking:pair", args=[_link(linked.sketchy[0]).pk])
    page = client.get(url).content.decode()
    assert f'data-stub="person:{partner_pk}"' in page
    assert "<form" not in page.split('id="main-content"')[1]
    assert "What drove the score" not in page
    post = client.post(url, {"decision": "confirmed", "reason": "x", "version": 1})
    assert post.status_code == 403
    assert _link(linked.sketchy[0]).outcome == "review"


def test_the_pair_page_shows_both_records_and_what_drove_the_score(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    link = _link(linked.sketchy[0])
    html = _client(demo_users, "police.analyst").get(reverse("linking:pair", args=[link.pk]))
    text = html.content.decode()
    assert set(RECORD.findall(text)) >= {str(link.left_id), str(link.right_id)}
    for name in link.weights:
        assert f'<th scope="row" class="govuk-table__header">{name}</th>' in text
    assert "Confirm: these are the same person" in text
    assert "Reject: these are different people" in text
    event = AuditEvent.objects.filter(action="consultation", object_type="person").first()
    assert event is not None
    assert event.object_ids == [str(link.left_id), str(link.right_id)]


def test_confirming_shows_the_merged_profile_and_a_missing_reason_is_named(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    client = _client(demo_users, "police.analyst")
    link = _link(linked.sketchy[1])
    url = reverse("linking:pair", args=[link.pk])
    error = client.post(url, {"decision": "confirmed", "reason": " ", "version": link.version})
    assert error.status_code == 200
    text = error.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert '<a href="#id_reason">Enter the reason for your decision</a>' in text
    assert _link(linked.sketchy[1]).outcome == "review"
    done = client.post(
        url, {"decision": "confirmed", "reason": "Same school", "version": link.version}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("linking:profile", args=[link.left_id])
    profile = client.get(done["Location"]).content.decode()
    assert set(RECORD.findall(profile)) == {str(link.left_id), str(link.right_id)}
    assert "Charnwood Borough Council" in profile
    assert "Leicestershire Police" in profile
    person_page = client.get(reverse("people:detail", args=[link.right_id])).content.decode()
    assert "Linked records" in person_page
    assert f'data-record="person:{link.left_id}"' in person_page


def test_a_second_analyst_is_told_of_the_first_decision_and_keeps_what_they_wrote(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    from ..factories import UserFactory

    link = _link(linked.sketchy[0])
    url = reverse("linking:pair", args=[link.pk])
    first = _client(demo_users, "police.analyst")
    second = Client()
    second.force_login(UserFactory(username="second.analyst", role="police_analyst"))
    first.post(url, {"decision": "confirmed", "reason": "Same person", "version": link.version})
    told = second.post(url, {"decision": "rejected", "reason": "My notes", "version": link.version})
    text = told.content.decode()
    assert "Someone else decided first" in text
    assert "while you had it open" in text
    assert "My notes" in text  # nothing the second analyst wrote is lost
    assert _link(linked.sketchy[0]).outcome == "confirmed"


def test_unlinking_from_the_pair_page_splits_the_profile_again(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    client = _client(demo_users, "police.analyst")
    pair = linked.duplicates[0]
    link = _link(pair)
    profile_url = reverse("linking:profile", args=[pair[0]])
    assert set(RECORD.findall(client.get(profile_url).content.decode())) == {str(p) for p in pair}
    page = client.get(reverse("linking:pair", args=[link.pk])).content.decode()
    assert "Un-link: these are not the same person after all" in page
    client.post(
        reverse("linking:pair", args=[link.pk]),
        {"decision": "unlinked", "reason": "Twins", "version": link.version},
    )
    assert set(RECORD.findall(client.get(profile_url).content.decode())) == {str(pair[0])}


def test_the_merged_profile_follows_the_policy_for_each_record(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    # A Charnwood practitioner sees her own council's record and the police record in full,
    # a sensitive police record as a stub, and a restricted one not at all.
    charnwood = [
        pair
        for pair in linked.duplicates
        if Person.objects.get(pk=pair[1]).owning_agency.code == "charnwood-bc"
    ]
    client = _client(demo_users, "charnwood.practitioner")
    police_pk, own_pk = charnwood[0]
    html = client.get(reverse("linking:profile", args=[own_pk])).content.decode()
    assert set(RECORD.findall(html)) == {str(police_pk), str(own_pk)}
    Person.objects.filter(pk=police_pk).update(sensitivity="sensitive")
    html = client.get(reverse("linking:profile", args=[own_pk])).content.decode()
    assert set(RECORD.findall(html)) == {str(own_pk)}
    assert set(STUB.findall(html)) == {str(police_pk)}
    Person.objects.filter(pk=police_pk).update(sensitivity="restricted")
    html = client.get(reverse("linking:profile", args=[own_pk])).content.decode()
    assert set(RECORD.findall(html)) == {str(own_pk)}
    assert not STUB.findall(html)
    assert f"/people/{police_pk}/" not in html
    # The restricted record's own profile is not found, as if it did not exist.
    assert client.get(reverse("linking:profile", args=[police_pk])).status_code == 404


def test_a_rejected_pair_still_joined_through_other_links_is_flagged(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    from linewatch.web.linking.decisions import decide

    analyst = demo_users["police.analyst"]
    a, b = linked.duplicates[5]  # linked automatically
    c = linked.sketchy[0][1]
    run = _link((a, b)).run

    def pair(x: int, y: int) -> PersonLink:
        return PersonLink.objects.create(
            left_id=min(x, y),
            right_id=max(x, y),
            probability=0.5,
            match_weight=0.0,
            outcome="review",
            run=run,
        )

    decide(analyst, pair(a, c).pk, "confirmed", "Same person", 1)
    odd = pair(b, c)
    decide(analyst, odd.pk, "rejected", "Different people", 1)
    page = _client(demo_users, "police.analyst").get(reverse("linking:pair", args=[odd.pk]))
    assert "other links still put them in one entity" in page.content.decode()


def test_an_analyst_links_new_records_from_the_runs_page(
    linked: Population, demo_users: dict[str, Any]
) -> None:
    from ..factories import PersonFactory, agency

    newcomer = PersonFactory(owning_agency=agency("charnwood-bc"), first_name="Zed")
    client = _client(demo_users, "police.analyst")
    done = client.post(reverse("linking:runs"), follow=True)
    text = done.content.decode()
    assert re.search(r"Incremental linkage run \d+: 1 person records", text)
    assert newcomer.entity.entity_key == f"E{newcomer.pk}"
    assert _client(demo_users, "city.analyst").post(reverse("linking:runs")).status_code == 403
