"""The network draws resolved entities: one node per person (and per phone, location, vehicle)
however many agencies' records it has, built only from the records the viewer may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.events.models import EventPerson, EventPhone
from linewatch.web.linking.decisions import decide
from linewatch.web.linking.entities import regroup
from linewatch.web.linking.models import LinkageRun, PersonLink
from linewatch.web.pole.models import Person, Phone

from ..factories import EventFactory, PersonFactory, agency
from .conftest import at

pytestmark = pytest.mark.django_db


def _link(run: LinkageRun, *people: Person) -> list[PersonLink]:
    """Join ``people`` into one entity with automatic links, as a linkage run would."""
    ordered = sorted(people, key=lambda p: p.pk)
    links = [
        PersonLink.objects.create(
            left=ordered[0],
            right=other,
            probability=0.99,
            match_weight=9.0,
            outcome="auto",
            run=run,
        )
        for other in ordered[1:]
    ]
    regroup([p.pk for p in ordered], run)
    return links


@pytest.fixture
def resolved(small_line: dict[str, Any]) -> dict[str, Any]:
    """The runner's police record, a council record of the same child (with a phone of its
    own), and a police-restricted record of the same child that partners may not see."""
    runner = small_line["runner"]
    hidden = PersonFactory(
        first_name="Jayden",
        surname="Runner",
        handling_code="C",
        sensitivity="restricted",
    )
    council = PersonFactory(
        first_name="Jay", surname="RUNNER", owning_agency=agency("charnwood-bc"), dob_year=2010
    )
    phone = Phone.objects.create(
        e164="+447700900777", owning_agency=agency("charnwood-bc"), received_at=timezone.now()
    )
    event = EventFactory(
        kind="safeguarding",
        owning_agency=agency("charnwood-bc"),
        occurred_at=at(dt.date(2026, 2, 12)),
    )
    EventPerson.objects.create(event=event, person=council)
    EventPhone.objects.create(event=event, phone=phone)
    run = LinkageRun.objects.create(kind="full", status="finished", started_at=timezone.now())
    links = _link(run, runner, hidden, council)
    return {**small_line, "hidden": hidden, "council": council, "phone": phone, "links": links}


def _graph(user: Any, centre: str, depth: int = 2) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    response = client.get("/network/graph.json", {"centre": centre, "depth": depth})
    assert response.status_code == 200, response.content[:300]
    data: dict[str, Any] = response.json()
    return data


def _person_nodes(data: dict[str, Any]) -> dict[str, list[str]]:
    return {
        n["data"]["id"]: sorted(n["data"]["records"])
        for n in data["elements"]["nodes"]
        if n["data"]["type"] == "person"
    }


def test_the_records_of_one_entity_are_one_node_with_every_record_listed(
    resolved: dict[str, Any],
) -> None:
    runner, hidden, council = resolved["runner"], resolved["hidden"], resolved["council"]
    data = _graph(resolved["users"]["police.analyst"], f"phone:{resolved['deal'].pk}")
    people = _person_nodes(data)
    node = f"person:{runner.pk}"
    assert people[node] == sorted(f"person:{p.pk}" for p in (runner, hidden, council))
    assert f"person:{council.pk}" not in people
    assert f"person:{hidden.pk}" not in people
    # the council record's own links come with it: its phone, reached through the merged node
    phone = f"phone:{resolved['phone'].pk}"
    assert any(
        {e["data"]["source"], e["data"]["target"]} == {node, phone}
        for e in data["elements"]["edges"]
    )


def test_centring_on_any_record_of_the_entity_centres_on_its_node(
    resolved: dict[str, Any],
) -> None:
    data = _graph(resolved["users"]["police.analyst"], f"person:{resolved['council'].pk}")
    assert data["centre"] == f"person:{resolved['runner'].pk}"
    centre = [n for n in data["elements"]["nodes"] if n["data"]["centre"]]
    assert [n["data"]["id"] for n in centre] == [data["centre"]]
    assert f"phone:{resolved['deal'].pk}" in {n["data"]["id"] for n in data["elements"]["nodes"]}


def test_un_linking_splits_the_node_again(resolved: dict[str, Any]) -> None:
    analyst = resolved["users"]["police.analyst"]
    council = resolved["council"]
    link = next(x for x in resolved["links"] if x.right_id == council.pk)
    decide(analyst, link.pk, "unlinked", "Different child: the council record is a cousin", 1)
    people = _person_nodes(_graph(analyst, f"phone:{resolved['deal'].pk}", depth=3))
    runner = resolved["runner"]
    assert people[f"person:{runner.pk}"] == sorted(
        f"person:{p.pk}" for p in (runner, resolved["hidden"])
    )
    assert f"person:{council.pk}" not in people  # only the link joined it to the deal line
    alone = _graph(analyst, f"person:{council.pk}", depth=3)
    assert alone["centre"] == f"person:{council.pk}"
    assert _person_nodes(alone) == {f"person:{council.pk}": [f"person:{council.pk}"]}


def test_a_partner_sees_the_node_built_from_their_visible_records_only(
    resolved: dict[str, Any],
) -> None:
    hidden, council = resolved["hidden"], resolved["council"]
    user = resolved["users"]["charnwood.practitioner"]
    assert decide_for(user, hidden) is not Decision.VISIBLE
    assert decide_for(user, council) is Decision.VISIBLE
    data = _graph(user, f"person:{council.pk}")
    references = [
        ref
        for n in data["elements"]["nodes"]
        for ref in [n["data"]["id"], *n["data"].get("records", [])]
    ]
    assert f"person:{hidden.pk}" not in references
    for ref in references:
        kind, _, pk = ref.partition(":")
        if kind == "person":
            assert decide_for(user, Person.objects.get(pk=int(pk))) is Decision.VISIBLE, ref


def test_a_hidden_lowest_record_never_names_the_node(small_line: dict[str, Any]) -> None:
    """The entity's own key is its lowest record, here hidden from the partner: the node is
    named after the lowest record the partner may see."""
    hidden = PersonFactory(handling_code="C", sensitivity="restricted")
    council = PersonFactory(owning_agency=agency("charnwood-bc"))
    other = PersonFactory(owning_agency=agency("charnwood-bc"))
    event = EventFactory(kind="asb", owning_agency=agency("charnwood-bc"))
    EventPerson.objects.create(event=event, person=council)
    EventPerson.objects.create(event=event, person=other)
    run = LinkageRun.objects.create(kind="full", status="finished", started_at=timezone.now())
    _link(run, hidden, council)
    data = _graph(small_line["users"]["charnwood.practitioner"], f"person:{other.pk}")
    people = _person_nodes(data)
    assert people == {
        f"person:{council.pk}": [f"person:{council.pk}"],
        f"person:{other.pk}": [f"person:{other.pk}"],
    }
