"""What works and the best-practice guide, from the records and through the access policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from linewatch.web.audit.models import AuditEvent
from linewatch.web.interventions.guide import GuideReader, build_guide, guide_html, guide_pdf
from linewatch.web.lines.models import LineStatusChange

from ..factories import CountyLineFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def _history(line: Any, status: str, on: dt.date) -> None:
    LineStatusChange.objects.create(
        line=line,
        to_status=status,
        changed_at=timezone.make_aware(dt.datetime.combine(on, dt.time(12))),
        reason="test",
        closure_type="1" if status == "closed" else "",
    )


@pytest.fixture
def closed_lines(agencies: dict[str, Any]) -> list[Any]:
    """Six lines closed after enforcement + closure, two re-emerging; one C-coded line."""
    today = timezone.localdate()
    lines = []
    for n in range(6):
        start = today - dt.timedelta(days=400 + n)
        line = CountyLineFactory(
            status="closed", name=f"CASE{n} line", importing_towns=["Loughborough"]
        )
        InterventionFactory(line=line, kind="arrest", started_on=start, outcome="Holder arrested")
        InterventionFactory(
            line=line, kind="closure_order", started_on=start + dt.timedelta(days=3)
        )
        _history(line, "closed", start + dt.timedelta(days=10 + 5 * n))
        if n < 2:
            CountyLineFactory(
                re_emerged_from=line,
                first_seen=start + dt.timedelta(days=10 + 5 * n + 30),
                status="re_emerged",
            )
        lines.append(line)
    secret = CountyLineFactory(status="closed", name="SECRET line", handling_code="C")
    InterventionFactory(line=secret, kind="arrest", started_on=today - dt.timedelta(days=100))
    _history(secret, "closed", today - dt.timedelta(days=90))
    return lines


def test_the_guide_gives_medians_for_enough_lines_and_says_too_few_otherwise(
    closed_lines: list[Any],
) -> None:
    guide = build_guide(GuideReader(), minimum=5)
    assert guide.lines_with_interventions == 6
    both = next(g for g, _ in guide.combinations if g.key == ("closure", "enforcement"))
    assert both.enough
    assert both.curve is not None
    assert both.curve.median_days is not None
    assert both.re_emerged[90].events == 2
    small = build_guide(GuideReader(), minimum=10)
    assert all(g.verdict == "too few lines to say" for g, _ in small.singles)
    html = guide_html(small)
    assert "too few lines to say" in html
    assert "<script" not in html


def test_case_studies_follow_the_reader_s_access_and_name_no_one(
    closed_lines: list[Any], demo_users: dict[str, Any]
) -> None:
    outsider = guide_html(build_guide(GuideReader()))
    assert "CASE0 line" in outsider
    assert "SECRET line" not in outsider
    analyst = guide_html(build_guide(demo_users["police.analyst"]))
    assert "SECRET line" in analyst
    assert "Day 3: Closure order" in analyst


def test_the_guide_pdf_renders(closed_lines: list[Any]) -> None:
    assert guide_pdf(build_guide(GuideReader())).startswith(b"%PDF")


def test_the_what_works_page_and_downloads_are_audited(
    closed_lines: list[Any], demo_users: dict[str, Any]
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(demo_users["charnwood.practitioner"])
    page = client.get(reverse("interventions:what_works")).content.decode()
    assert "Kaplan–Meier" in page
    assert "<svg" in page
    assert "style=" not in page.split("<main")[1]
    download = client.get(reverse("interventions:guide_pdf"))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    html = client.get(reverse("interventions:guide_html"))
    assert html["Content-Disposition"].startswith("attachment")
    assert (
        AuditEvent.objects.filter(action="disclosure", username="charnwood.practitioner").count()
        == 2
    )
