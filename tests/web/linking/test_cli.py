"""``linewatch link run``: a run over the database from the command line, and bad options."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linewatch.cli.groups import main_group
from linewatch.web.linking.models import EntityMembership, LinkageRun

from .conftest import Population

pytestmark = pytest.mark.django_db


def test_link_run_links_the_database_then_only_what_is_new(population: Population) -> None:
    runner = CliRunner()
    first = runner.invoke(main_group, ["link", "run", "--json", "--review-floor", "0.3"])
    assert first.exit_code == 0, first.output
    figures = json.loads(first.output)
    assert figures["kind"] == "full"  # nothing linked yet: the first run is a full one
    assert figures["records"] == len(population.people)
    assert figures["auto_links"] == len(population.duplicates)
    assert figures["review_pairs"] == len(population.sketchy)
    assert EntityMembership.objects.count() == len(population.people)
    again = runner.invoke(main_group, ["link", "run"])
    assert again.exit_code == 0, again.output
    assert again.output.startswith("Incremental linkage run ")
    assert " 0 person records" in again.output
    assert LinkageRun.objects.filter(status="finished").count() == 2


def test_link_run_refuses_a_review_floor_above_the_auto_link_threshold() -> None:
    result = CliRunner().invoke(
        main_group, ["link", "run", "--auto-link", "0.6", "--review-floor", "0.8"]
    )
    assert result.exit_code == 1
    assert "--review-floor (0.8) must not be above --auto-link (0.6)" in result.output
    assert not LinkageRun.objects.exists()
