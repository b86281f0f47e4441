"""The re-emergence watch on a loaded simulated scenario: the line that replaced a closed one
touches the closed line's watch (seed 1: L002 re-emerges from L001 twelve days after closure)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from linewatch.web.events.models import Event
from linewatch.web.interventions.watch import new_activity_touching, watch_for
from linewatch.web.lines.models import CountyLine

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def scenario(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The scenario, loaded once for the module (each test's own writes are rolled back); the
    database is emptied again after the module."""
    from linewatch.simulate import simulate
    from linewatch.web.demo import load_agencies
    from linewatch.web.intake.scenario import load_scenario

    out = tmp_path_factory.mktemp("watch") / "scenario"
    simulate(seed=1, weeks=20, scale=0.15, out=out)
    with django_db_blocker.unblock():
        load_agencies()
        load_scenario(out, register_lines=True)
        try:
            yield out
        finally:
            call_command("flush", interactive=False, verbosity=0)


def test_the_replacement_line_s_activity_touches_the_closed_line_s_watch(scenario: Path) -> None:
    successor = CountyLine.objects.get(re_emerged_from__isnull=False)
    closed = successor.re_emerged_from
    assert closed is not None
    assert closed.status == "closed"
    watch = watch_for(closed)
    assert watch is not None
    assert watch.person_ids
    touches = new_activity_touching(closed)
    assert touches, "no new activity touched the closed line's people, homes or customers"
    assert all(watch.starts_on <= t.occurred_on <= watch.ends_on for t in touches)
    with (scenario / "truth" / "event_lines.csv").open(encoding="utf-8", newline="") as handle:
        caused = {row["ref"] for row in csv.DictReader(handle) if row["line_id"] == "L002"}
    refs = set(
        Event.objects.filter(pk__in=[int(t.event_ref.split(":")[1]) for t in touches]).values_list(
            "ref", flat=True
        )
    )
    assert refs & caused, "none of the touches is activity the replacement line caused"

    # The replacement itself was never disrupted: nothing to watch yet.
    assert watch_for(successor) is None
    assert new_activity_touching(successor) == []


def test_the_scenario_s_interventions_feed_the_guide_once(
    scenario: Path, demo_users: dict[str, Any]
) -> None:
    from linewatch.web.interventions.guide import build_guide, guide_html
    from linewatch.web.interventions.models import Intervention
    from linewatch.web.interventions.scenario import record_scenario_interventions

    created = record_scenario_interventions()
    assert created > 0
    assert record_scenario_interventions() == 0  # idempotent
    closed = CountyLine.objects.get(status="closed")
    kinds = set(Intervention.objects.filter(line=closed).values_list("kind", flat=True))
    assert {"arrest", "charge"} <= kinds or "handset_seizure" in kinds
    guide = build_guide(demo_users["police.analyst"])
    assert guide.lines_with_interventions == 1
    assert guide.closed == 1
    html = guide_html(guide)
    assert "too few lines to say" in html
    assert closed.name in html
