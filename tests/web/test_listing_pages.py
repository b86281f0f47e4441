"""List pages over large tables: the intelligence list read one kind at a time gives exactly
the rows and order of the plain query, and page counts stop at the cap."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from linewatch.web import listing
from linewatch.web.events.models import Event
from linewatch.web.listing import MergedByKind, policy_page

from .factories import EventFactory, IntelligenceEventFactory

pytestmark = pytest.mark.django_db
KINDS = ("intelligence", "community_report")


def _events(count: int) -> None:
    start = timezone.now() - dt.timedelta(days=30)
    for n in range(count):
        kind = KINDS[n % 3 == 0]  # interleave the kinds, with ties in received_at
        IntelligenceEventFactory(kind=kind, received_at=start + dt.timedelta(hours=n // 2))
        EventFactory(kind="asb", received_at=start + dt.timedelta(hours=n))


@pytest.mark.parametrize("order", [("-received_at", "-id"), ("received_at", "id")])
def test_merging_one_kind_at_a_time_gives_the_plain_query_page_by_page(
    order: tuple[str, str], demo_users: dict[str, Any], settings: Any
) -> None:
    settings.LINEWATCH_PAGE_SIZE = 7
    _events(40)
    plain = list(Event.objects.filter(kind__in=KINDS).order_by(*order).values_list("pk", flat=True))
    merged = MergedByKind(Event.objects.filter(kind__in=KINDS).order_by(*order), KINDS)
    assert len(merged) == len(plain) == 40
    for start in range(0, 42, 7):
        assert [e.pk for e in merged[start : start + 7]] == plain[start : start + 7]

    request = RequestFactory().get("/intelligence/", {"page": "3"})
    request.user = demo_users["police.analyst"]
    page, rows = policy_page(
        request,
        Event.objects.filter(kind__in=KINDS).order_by(*order),
        "intelligence report",
        merge_kinds=KINDS,
    )
    assert page.paginator.num_pages == 6
    assert [row.record.pk for row in rows] == plain[14:21]


def test_mixed_directions_are_refused() -> None:
    with pytest.raises(ValueError, match="one direction"):
        MergedByKind(Event.objects.order_by("-received_at", "id"), KINDS)


def test_the_page_count_stops_at_the_cap(
    demo_users: dict[str, Any], monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.LINEWATCH_PAGE_SIZE = 2
    monkeypatch.setattr(listing, "COUNT_CAP", 6)
    _events(10)
    client = Client()
    client.force_login(demo_users["police.analyst"])
    page = client.get("/intelligence/", {"page": "99"})
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.num_pages == 3  # 6 of the 10 reports counted
    assert page.context["page_obj"].number == 3
    assert len(page.context["rows"]) == 2


def test_a_list_at_the_cap_is_not_counted_again_and_a_shorter_one_always_is(
    demo_users: dict[str, Any], monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    settings.LINEWATCH_PAGE_SIZE = 2
    monkeypatch.setattr(listing, "COUNT_CAP", 6)
    client = Client()
    client.force_login(demo_users["police.analyst"])

    def view() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/intelligence/")
        counts = sum("COUNT(" in q["sql"] for q in queries.captured_queries)
        return page.context["page_obj"].paginator.num_pages, counts

    _events(2)
    assert view() == (1, 1)  # 2 reports: one page
    _events(2)
    assert view() == (2, 1)  # counted again: 4 now
    _events(4)
    assert view() == (3, 1)  # 8 reach the cap of 6
    assert view() == (3, 0)  # remembered: not counted again
    other = Client()
    other.force_login(demo_users["charnwood.practitioner"])
    with CaptureQueriesContext(connection) as queries:
        other.get("/intelligence/")
    assert any("COUNT(" in q["sql"] for q in queries.captured_queries)  # another policy


def test_the_pager_shows_the_same_links_as_the_loop_over_every_page() -> None:
    from django.core.paginator import Paginator

    from linewatch.web.accounts.templatetags.pages import page_links

    for last in range(1, 14):
        pages = Paginator(list(range(last)), 1)
        for current in range(1, last + 1):
            looped: list[int | None] = []  # what the template's loop over every page showed
            for number in range(1, last + 1):
                if number in (1, last) or current - 1 <= number <= current + 1:
                    looped.append(number)
                elif (number == current - 2 and number > 1) or (
                    number == current + 2 and number < last
                ):
                    looped.append(None)
            assert page_links(pages.page(current)) == looped, (last, current)


def test_a_user_the_policy_shows_nothing_gets_an_empty_list(demo_users: dict[str, Any]) -> None:
    _events(2)
    client = Client()
    client.force_login(demo_users["police.admin"])  # an administrator sees no records
    page = client.get("/intelligence/")
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 0
