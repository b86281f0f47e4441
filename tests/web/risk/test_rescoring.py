"""Worklist pages never score: a stale run is shown with a notice and rescored in the
background, by one thread or process at a time."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from linewatch.web.risk.models import RiskRun, RiskRunClaim
from linewatch.web.risk.rescoring import (
    Rescored,
    claim,
    latest_run,
    rescore,
    staleness,
    stored_run,
    wait_for_background,
)

from ..factories import EventFactory, LocationFactory, PersonFactory, UserFactory

# The background thread has its own database connection: it must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
AREA = "la:E07000130"


@pytest.fixture
def analyst(agencies: dict[str, Any], settings: Any) -> Iterator[Any]:
    """A police analyst, and an address in Charnwood with a vulnerable resident and reports."""
    settings.LINEWATCH_RISK_RESCORE = "background"
    settings.LINEWATCH_RISK_MIN_INTERVAL_SECONDS = 0
    user = UserFactory(username="rescoring.analyst", agency=agencies["leicestershire-police"])
    home = LocationFactory(easting=454_800, northing=319_700, neighbourhood_policing_area="")
    PersonFactory(home=home, flags=["adult_at_risk"], dob_year=1950)
    for days in (3, 10, 20):
        EventFactory(kind="asb", location=home, occurred_at=timezone.now() - dt.timedelta(days))
    yield user
    wait_for_background(60)  # never leave a thread writing into the next test's tables


def _page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/worklists/", {"area": AREA})
    assert response.status_code == 200
    return response.content.decode()


def _key(user: Any) -> tuple[int, str]:
    return (user.agency_id, user.role)


def test_with_no_run_yet_the_page_says_so_and_a_run_starts(analyst: Any) -> None:
    body = _page(analyst)
    assert "No scores have been computed for your role yet" in body
    assert "A new run has been started" in body
    wait_for_background(60)
    run = latest_run(_key(analyst))
    assert run is not None
    assert staleness(run) == ""
    assert run.entries.filter(list_name="cuckooing", area_code="E07000130").exists()
    assert not RiskRunClaim.objects.exists(), "the claim is released when the run is stored"


def test_a_stale_run_is_shown_with_a_notice_while_a_new_one_is_computed(analyst: Any) -> None:
    first = rescore().runs
    assert [run.role for run in first] == ["police_analyst"]
    shown = first[0].entries.filter(list_name="cuckooing").first()
    assert shown is not None
    assert "has been started" not in _page(analyst)

    EventFactory(kind="asb", location_id=int(shown.subject_pk or 0))  # records change
    body = _page(analyst)
    assert "records have changed since" in body
    assert "A new run has been started" in body
    assert shown.label in body, "the stale run's rows are still shown"
    wait_for_background(60)
    second = latest_run(_key(analyst))
    assert second is not None
    assert second.pk != first[0].pk
    assert staleness(second) == ""
    assert "records have changed since" not in _page(analyst)


def test_a_page_soon_after_a_run_waits_for_the_interval(analyst: Any, settings: Any) -> None:
    settings.LINEWATCH_RISK_MIN_INTERVAL_SECONDS = 600
    (run,) = rescore().runs
    EventFactory(kind="asb")
    stored = stored_run(analyst)
    assert stored.stale
    assert not stored.rescoring
    assert stored.next_start == run.computed_at + dt.timedelta(seconds=600)
    assert "the next from" in _page(analyst)
    assert latest_run(_key(analyst)) == run


def test_two_rescorings_at_once_store_one_run(analyst: Any) -> None:
    start = threading.Barrier(2)
    results: list[Rescored] = []

    def attempt() -> None:
        try:
            start.wait()
            results.append(rescore({_key(analyst)}))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 2
    assert sorted(len(r.runs) for r in results) == [0, 1]
    assert RiskRun.objects.filter(agency=analyst.agency, role=analyst.role).count() == 1
    assert rescore({_key(analyst)}).runs == [], "up to date: a later attempt computes nothing"


def test_a_live_claim_is_respected_and_a_stale_one_taken_over(analyst: Any) -> None:
    key = _key(analyst)
    token = claim(key)
    assert token is not None
    assert claim(key) is None
    assert rescore({key}).busy == [key]
    assert stored_run(analyst).rescoring, "the page says a run is being computed"
    assert "A new run has been started" in _page(analyst)
    assert latest_run(key) is None
    RiskRunClaim.objects.update(claimed_at=timezone.now() - dt.timedelta(hours=2))
    assert len(rescore({key}).runs) == 1, "a claim left by a dead process is taken over"
