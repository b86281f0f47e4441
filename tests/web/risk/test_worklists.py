"""Worklists: ranked and explained per area, decisions recorded and audited, need-to-know."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.accounts.models import User
from linewatch.web.audit.models import AuditEvent
from linewatch.web.events.models import Event
from linewatch.web.risk.models import RiskDecision, RiskEntry, RiskRun
from linewatch.web.risk.rescoring import stored_run
from linewatch.web.risk.runs import compute_run

pytestmark = pytest.mark.django_db


def client_for(username: str) -> tuple[Client, User]:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    return client, user


def test_a_commander_sees_the_areas_lists_explained_and_records_a_decision(
    scenario: Path,
) -> None:
    client, user = client_for("police.commander")
    page = client.get("/worklists/", {"area": "la:E07000130"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Charnwood" in body
    for heading in (
        "Addresses at risk of cuckooing",
        "People at risk",
        "Enablers",
        "Priority places",
    ):
        assert heading in body
    assert 'id="run-notice"' not in body, "scored by linewatch score: up to date"
    run = stored_run(user).run
    assert run is not None
    top = run.entries.filter(list_name="cuckooing", area_code="E07000130").order_by("-score")
    assert top.exists()
    first = top.first()
    assert first is not None
    assert first.explanation != "no signals"
    detail = client.get(f"/worklists/cuckooing/{first.subject_key}/")
    text = detail.content.decode()
    assert "Why it ranks here" in text
    assert first.factors[0]["label"] in text
    assert first.next_step in text
    posted = client.post(
        f"/worklists/cuckooing/{first.subject_key}/",
        {"decision": "visit_arranged", "note": "PCSO and housing officer visit on Friday"},
    )
    assert posted.status_code == 302
    decision = RiskDecision.objects.get()
    assert decision.decided_by == user
    assert decision.score_at_decision == first.score
    assert AuditEvent.objects.filter(
        action="alteration", object_type="risk_decision", object_ids=[str(decision.pk)]
    ).exists()
    again = client.get("/worklists/", {"area": "la:E07000130"}).content.decode()
    assert "Visit arranged" in again


def test_a_decision_needs_a_reason(scenario: Path) -> None:
    client, user = client_for("police.commander")
    run = stored_run(user).run
    assert run is not None
    entry = run.entries.filter(list_name="cuckooing").first()
    assert entry is not None
    page = client.post(f"/worklists/cuckooing/{entry.subject_key}/", {"decision": "monitor"})
    assert "There is a problem" in page.content.decode()
    assert "Say why, and who will do it" in page.content.decode()
    assert not RiskDecision.objects.exists()


def test_a_partner_worklist_rests_only_on_what_the_partner_may_see(scenario: Path) -> None:
    client, user = client_for("charnwood.practitioner")
    page = client.get("/worklists/").content.decode()
    assert "Addresses at risk of cuckooing" in page
    assert "Enablers" not in page  # police roles only
    run = compute_run(user)
    events = {
        int(key.split(":")[1])
        for entry in RiskEntry.objects.filter(run=run).exclude(list_name="places")
        for factor in entry.factors
        for key in factor["records"]
        if key.startswith("event:")
    }
    assert events
    for event in Event.objects.filter(pk__in=events):
        assert decide_for(user, event) is Decision.VISIBLE
    assert client.get("/worklists/enablers/person:1/").status_code == 404


def test_administrators_and_auditors_have_no_worklists(scenario: Path) -> None:
    for username in ("police.admin", "police.auditor"):
        client, _ = client_for(username)
        assert client.get("/worklists/").status_code == 403


def test_an_unknown_area_is_not_found(scenario: Path) -> None:
    client, _ = client_for("police.analyst")
    assert client.get("/worklists/", {"area": "la:E99999999"}).status_code == 404
    assert client.get("/worklists/", {"area": "npa:Atlantis"}).status_code == 404


def test_a_run_is_reused_until_new_records_arrive_then_shown_as_stale(
    scenario: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client, user = client_for("police.analyst")
    first = compute_run(user)
    assert stored_run(user).run == first
    assert not stored_run(user).stale
    event = Event.objects.order_by("pk").first()
    assert event is not None
    with django_capture_on_commit_callbacks(execute=True):
        event.description = (event.description or "") + " updated"
        event.save()
    stale = stored_run(user)
    assert stale.stale
    assert stale.run == first, "the page never scores: it shows the stored run"
    page = client.get("/worklists/", {"area": "la:E06000016"}).content.decode()
    assert "records have changed since" in page
    assert "linewatch score" in page, "scheduled rescoring: the page says what will rescore it"
    assert RiskRun.objects.filter(agency=user.agency, role=user.role).get() == first


def test_weights_file_with_unknown_factor_is_refused(
    scenario: Path, settings: Any, tmp_path: Path
) -> None:
    from linewatch.core.risk import WeightsError
    from linewatch.web.risk.runs import weights

    bad = tmp_path / "weights.yaml"
    bad.write_text("cuckooing: {weights: {parties: 3}}\n", encoding="utf-8")
    settings.LINEWATCH_RISK_WEIGHTS = str(bad)
    with pytest.raises(WeightsError, match="unknown factor"):
        weights()


def test_a_residents_home_signal_is_dated_by_the_reports_at_the_address(scenario: Path) -> None:
    """Scored at an earlier date, a resident's list uses only the reports made by then."""
    from linewatch.web.risk.signals import build_inputs

    inputs = build_inputs(None, radius_m=400)
    homes = inputs.victims.by_factor["home_at_risk"]
    assert homes.subject, "the scenario has residents at addresses with reports"
    assert min(homes.day) > 0  # no standing signals: each is dated
    events = {
        int(key.split(":")[1]): day
        for key, day in zip(homes.record, homes.day, strict=True)
        if key.startswith("event:")
    }
    occurred = dict(Event.objects.filter(pk__in=events).values_list("pk", "occurred_at"))
    assert occurred
    for pk, day in events.items():
        assert occurred[pk].date().toordinal() == day
