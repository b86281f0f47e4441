"""No linking page shows a record the access policy hides, to any demo user.

The leak test's tiny scenario (``tests/web/test_views_never_leak.py``) is loaded and linked;
the queue, every pair page and the merged profiles are then fetched for every demo user and
read for the markers the templates put on records, exactly as the leak test reads its pages.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.linking.decisions import can_review
from linewatch.web.linking.models import EntityMembership, PersonLink
from linewatch.web.linking.runs import Settings, run_linkage
from linewatch.web.pole.models import Person

from ..test_views_never_leak import USERNAMES, _leaks, scenario  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
PROFILES_PER_USER = 6


@pytest.fixture(scope="module")
def linked(scenario: dict[str, str], django_db_blocker: Any) -> None:  # noqa: F811
    with django_db_blocker.unblock():
        run = run_linkage("full")
        assert run.status == "finished"
        assert run.auto_links > 0


@pytest.fixture(scope="module")
def queued(linked: None, django_db_blocker: Any) -> None:
    """Re-linked so that everything the model is not certain of awaits review (the profile
    tests, earlier in the module, have used the automatic links by then)."""
    with django_db_blocker.unblock():
        run = run_linkage("full", settings=Settings(auto_link=1.0, review_floor=0.05))
        assert run.review_pairs > 0


def _client(username: str) -> tuple[Client, Any]:
    from linewatch.web.accounts.models import User

    user = User.objects.select_related("agency").get(username=username)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.mark.parametrize("username", USERNAMES)
def test_merged_profiles_and_person_pages_show_only_what_the_policy_allows(
    username: str, linked: None
) -> None:
    client, user = _client(username)
    keys = (
        EntityMembership.objects.values("entity_key")
        .annotate(size=Count("person"))
        .filter(size__gt=1)
        .values_list("entity_key", flat=True)
    )
    members = list(
        Person.objects.filter(entity__entity_key__in=list(keys))
        .select_related("owning_agency")
        .order_by("pk")
    )
    assert members, "the linkage joined no records"
    problems, fetched = [], 0
    by_decision: dict[Decision, int] = {}
    for person in members:
        decision = decide_for(user, person)
        if by_decision.get(decision, 0) >= PROFILES_PER_USER:
            continue
        by_decision[decision] = by_decision.get(decision, 0) + 1
        for url in (
            reverse("linking:profile", args=[person.pk]),
            reverse("people:detail", args=[person.pk]),
        ):
            response = client.get(url)
            fetched += 1
            if decision is Decision.HIDDEN:
                if response.status_code != 404:
                    problems.append(f"{url}: hidden record answered {response.status_code}")
                continue
            assert response.status_code == 200, url
            problems += [f"{url}: {p}" for p in _leaks(user, response.content.decode())]
    assert fetched
    assert not problems, f"{username}:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("username", USERNAMES)
def test_the_queue_and_pair_pages_show_only_what_the_policy_allows(
    username: str, queued: None
) -> None:
    client, user = _client(username)
    queue = client.get(reverse("linking:queue"))
    pairs = list(PersonLink.objects.select_related("left__owning_agency", "right__owning_agency"))
    assert pairs
    if not can_review(user):
        assert queue.status_code == 403
        assert client.get(reverse("linking:pair", args=[pairs[0].pk])).status_code == 403
        return
    problems = [f"queue: {p}" for p in _leaks(user, queue.content.decode())]
    for link in pairs:
        url = reverse("linking:pair", args=[link.pk])
        response = client.get(url)
        hidden = {decide_for(user, link.left), decide_for(user, link.right)} & {Decision.HIDDEN}
        if hidden:
            assert response.status_code == 404, url
            continue
        assert response.status_code == 200, url
        problems += [f"{url}: {p}" for p in _leaks(user, response.content.decode())]
    assert not problems, f"{username}:\n" + "\n".join(problems[:20])
