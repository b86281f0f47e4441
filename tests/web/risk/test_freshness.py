"""The "records last changed at" stamp that tells a worklist page its stored run is stale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from linewatch.web.accounts.models import User
from linewatch.web.pole.models import Person
from linewatch.web.risk.freshness import last_change
from linewatch.web.risk.models import RiskEntry
from linewatch.web.risk.rescoring import rescore, stored_run
from linewatch.web.risk.runs import compute_run

pytestmark = pytest.mark.django_db


def test_a_change_to_a_person_makes_the_run_stale(
    scenario: Path, django_capture_on_commit_callbacks: Any
) -> None:
    user = User.objects.get(username="police.analyst")
    first = compute_run(user)
    assert not stored_run(user).stale
    assert first.records_changed_at is not None
    person = Person.objects.order_by("pk").first()
    assert person is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        person.flags = sorted({*(person.flags or []), "adult_at_risk"})
        person.save()
        person.save()
    assert len(callbacks) == 1, "one stamp per transaction, however many rows it saved"
    changed = last_change()
    assert changed is not None
    assert changed > first.records_changed_at
    stale = stored_run(user)
    assert stale.stale
    assert stale.reason == "changed"
    assert stale.run == first, "the page shows the stored run until a new one is stored"
    (second,) = rescore({(user.agency_id, user.role)}).runs
    assert second.pk != first.pk
    assert stored_run(user).run == second
    assert not stored_run(user).stale


def test_a_rolled_back_change_leaves_the_stamp_alone(
    scenario: Path, django_capture_on_commit_callbacks: Any
) -> None:
    before = last_change()
    person = Person.objects.order_by("pk").first()
    assert person is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                person.save()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert last_change() == before


def test_a_feed_import_stamps_the_change(
    scenario: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from linewatch.web.intake.loader import import_file

    before = last_change()
    source = next((scenario / "feeds").glob("*/asb.csv"))
    head = source.read_text(encoding="utf-8").splitlines()[:3]
    feed = tmp_path / "asb.csv"
    feed.write_text("\n".join(head) + "\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        import_file("asb", feed, agency_code=source.parent.name)
    after = last_change()
    assert before is not None
    assert after is not None
    assert after > before


def test_an_erased_person_leaves_the_stored_worklists_at_once(
    scenario: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from linewatch.web.retention.erasure import erase_person

    analyst = User.objects.get(username="police.analyst")
    run = compute_run(analyst)
    entry = run.entries.filter(subject_type="person").first()
    assert entry is not None
    assert entry.subject_pk is not None
    person = Person.objects.get(pk=entry.subject_pk)
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person, user=analyst, reason="test: right to erasure")
    assert not RiskEntry.objects.filter(subject_key=entry.subject_key).exists()
    assert stored_run(analyst).stale
