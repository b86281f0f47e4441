"""Linkage runs over the database: what is linked, what is queued, what survives a re-run."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.web.audit.models import AuditEvent
from linewatch.web.linking import runs
from linewatch.web.linking.decisions import DecisionConflict, decide
from linewatch.web.linking.models import EntityMembership, LinkageRun, LinkDecision, PersonLink
from linewatch.web.linking.runs import Settings, run_linkage
from linewatch.web.pole.models import Person

from ..factories import PersonFactory, UserFactory, agency
from .conftest import Population

pytestmark = pytest.mark.django_db
# The sketchy duplicates score about 0.35-0.55: with this floor they are all queued.
SETTINGS = Settings(auto_link=0.95, review_floor=0.3)


def _link(pair: tuple[int, int]) -> PersonLink:
    return PersonLink.objects.get(left_id=min(pair), right_id=max(pair))


def _entities() -> dict[int, str]:
    return dict(EntityMembership.objects.values_list("person_id", "entity_key"))


def _links() -> set[tuple[int, int, str, int]]:
    return set(PersonLink.objects.values_list("left_id", "right_id", "outcome", "version"))


def _people() -> list[tuple[Any, ...]]:
    return list(Person.objects.order_by("pk").values_list())


def test_a_full_run_links_the_known_duplicates_and_queues_the_uncertain_ones(
    population: Population,
) -> None:
    before = _people()
    run = run_linkage("full", settings=SETTINGS)
    assert run.status == "finished"
    assert run.records == len(population.people)
    entity = _entities()
    assert len(entity) == len(population.people)
    for pair in population.duplicates:
        assert _link(pair).outcome == "auto"
        assert entity[pair[0]] == entity[pair[1]] == f"E{min(pair)}"
    for pair in population.sketchy:
        assert _link(pair).outcome == "review"
        assert entity[pair[0]] != entity[pair[1]]
    # No two different people were joined: one entity per person, less the auto links.
    assert run.entities == len(population.people) - len(population.duplicates)
    assert run.auto_links == len(population.duplicates)
    assert run.review_pairs == len(population.sketchy)
    link = _link(population.duplicates[0])
    assert set(link.comparisons) == set(link.weights) >= {"first_name", "surname", "dob"}
    assert _people() == before, "linkage must never change a person record"
    audit = AuditEvent.objects.get(action="combination", object_type="linkage_run")
    assert audit.object_ids == [str(run.pk)]
    assert "full linkage run" in audit.summary.lower()


def test_analysts_decisions_persist_across_a_full_rerun(
    population: Population, demo_users: dict[str, Any]
) -> None:
    run_linkage("full", settings=SETTINGS)
    analyst = demo_users["police.analyst"]
    same, different = population.sketchy[0], population.sketchy[1]
    wrong_auto = population.duplicates[0]
    decide(analyst, _link(same).pk, "confirmed", "Same name, same school", 1)
    decide(analyst, _link(different).pk, "rejected", "Different fathers' names on file", 1)
    decide(analyst, _link(wrong_auto).pk, "unlinked", "Twins, not one person", 1)

    rerun = run_linkage("full", settings=SETTINGS)
    assert rerun.decisions_kept == 3
    assert _link(same).outcome == "confirmed"
    assert _link(different).outcome == "rejected"
    assert _link(wrong_auto).outcome == "unlinked"
    assert _link(same).reason == "Same name, same school"
    entity = _entities()
    assert entity[same[0]] == entity[same[1]]
    assert entity[different[0]] != entity[different[1]]
    assert entity[wrong_auto[0]] != entity[wrong_auto[1]]
    # The decisions reached the linkage itself, not only the stored rows.
    assert runs.analyst_decisions()[(runs.record_id(min(same)), runs.record_id(max(same)))] is True


def test_unlinking_restores_the_view_before_the_link(
    population: Population, demo_users: dict[str, Any]
) -> None:
    run_linkage("full", settings=SETTINGS)
    analyst = demo_users["police.analyst"]
    before_any_decision = _entities()
    before_people = _people()
    pair = population.sketchy[0]
    link = decide(analyst, _link(pair).pk, "confirmed", "Same person: school records agree", 1)
    assert _entities()[pair[0]] == _entities()[pair[1]]
    decide(analyst, link.pk, "unlinked", "Confirmed in error", link.version)
    assert _entities() == before_any_decision
    assert _people() == before_people
    # An automatic link un-linked: both records go back to being entities of their own.
    auto = population.duplicates[2]
    decide(analyst, _link(auto).pk, "unlinked", "Different people", 1)
    assert _entities()[auto[0]] == f"E{auto[0]}"
    assert _entities()[auto[1]] == f"E{auto[1]}"
    history = LinkDecision.objects.filter(link=link).values_list("outcome_before", "outcome_after")
    assert list(history) == [("review", "confirmed"), ("confirmed", "unlinked")]


def test_a_second_analyst_deciding_on_what_they_saw_is_told_and_nothing_is_lost(
    population: Population, demo_users: dict[str, Any]
) -> None:
    run_linkage("full", settings=SETTINGS)
    first = demo_users["police.analyst"]
    second = UserFactory(username="second.analyst", role="police_analyst")
    link = _link(population.sketchy[0])
    seen = link.version  # both opened the pair at this version
    decide(first, link.pk, "confirmed", "Same person", seen)
    with pytest.raises(DecisionConflict) as told:
        decide(second, link.pk, "rejected", "Different people", seen)
    assert "while you had it open" in str(told.value)
    link.refresh_from_db()
    assert link.outcome == "confirmed"
    assert link.decided_by == first
    assert LinkDecision.objects.filter(link=link).count() == 1


def test_a_run_interrupted_while_writing_leaves_no_partial_state(
    population: Population, demo_users: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_linkage("full", settings=SETTINGS)
    decide(demo_users["police.analyst"], _link(population.sketchy[0]).pk, "rejected", "No", 1)
    links, entities = _links(), _entities()
    PersonFactory(owning_agency=agency("charnwood-bc"), first_name="New", surname="Record")

    def power_cut(*args: Any) -> int:
        raise RuntimeError("power cut while writing memberships")

    monkeypatch.setattr(runs, "_write_memberships", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        run_linkage("full", settings=SETTINGS)
    assert _links() == links
    assert _entities() == entities
    failed = LinkageRun.objects.order_by("-pk").first()
    assert failed is not None
    assert failed.status == "failed"
    assert "power cut" in failed.error
    assert not AuditEvent.objects.filter(object_type="linkage_run", object_ids=[str(failed.pk)])


def test_an_incremental_run_links_only_new_records_against_existing_entities(
    population: Population,
) -> None:
    first = run_linkage("full", settings=SETTINGS)
    police_pk = population.duplicates[3][0]
    police = Person.objects.select_related("home").get(pk=police_pk)
    newcomer = PersonFactory(
        owning_agency=agency("midshires-housing"),
        first_name=police.first_name,
        surname=police.surname.title(),
        dob_year=police.dob_year,
        dob_month=police.dob_month,
        dob_day=police.dob_day,
        home=police.home,
    )
    untouched = set(PersonLink.objects.values_list("pk", "run_id"))
    later = run_linkage("incremental", settings=SETTINGS)
    assert later.kind == "incremental"
    assert later.records == 1
    entity = _entities()
    assert entity[newcomer.pk] == entity[police_pk] == f"E{min(population.duplicates[3])}"
    assert set(PersonLink.objects.filter(run=first).values_list("pk", "run_id")) == untouched
    new_links = PersonLink.objects.filter(run=later)
    assert new_links
    assert all(newcomer.pk in (link.left_id, link.right_id) for link in new_links)
    # Nothing new: an incremental run links nothing and changes nothing.
    links = _links()
    assert run_linkage("incremental", settings=SETTINGS).records == 0
    assert _links() == links


def test_every_decision_is_audited_as_a_combination_with_its_reason(
    population: Population, demo_users: dict[str, Any]
) -> None:
    run_linkage("full", settings=SETTINGS)
    pair = population.sketchy[0]
    decide(demo_users["police.analyst"], _link(pair).pk, "confirmed", "School records agree", 1)
    event = AuditEvent.objects.filter(action="combination", object_type="person").get()
    assert event.object_ids == [str(min(pair)), str(max(pair))]
    assert event.justification == "School records agree"
    assert event.username == "police.analyst"


def test_erasing_the_record_that_bridged_two_others_splits_them(
    population: Population, demo_users: dict[str, Any]
) -> None:
    run_linkage("full", settings=SETTINGS)
    police_pk, partner_pk = population.duplicates[4]
    sketchy_partner = population.sketchy[0][1]
    # An analyst confirms the partner record as the same person as a sketchy one: three
    # records, one entity, joined only through the partner record.
    bridge = PersonLink.objects.create(
        left_id=min(partner_pk, sketchy_partner),
        right_id=max(partner_pk, sketchy_partner),
        probability=0.4,
        match_weight=-1.0,
        outcome="review",
        run=LinkageRun.objects.get(),
    )
    decide(demo_users["police.analyst"], bridge.pk, "confirmed", "Same school records", 1)
    assert _entities()[police_pk] == _entities()[sketchy_partner]
    Person.objects.filter(pk=partner_pk).delete()
    assert _entities()[police_pk] != _entities()[sketchy_partner]
    assert partner_pk not in _entities()
