"""Two analysts grading the same report at once: the second is told, and nothing is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from linewatch.web.accounts.models import User
from linewatch.web.events.models import Event

pytestmark = pytest.mark.django_db

TEXT = "Two youths seen at the bus station with a phone taking orders, most evenings."


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def queued(demo_users: dict[str, Any]) -> Event:
    client_for(demo_users["charnwood.practitioner"]).post(
        "/intelligence/submit/", {"text": TEXT, "sensitivity": "standard"}
    )
    return Event.objects.get(source_feed="web")


@pytest.fixture
def second_analyst(demo_users: dict[str, Any]) -> User:
    first = demo_users["police.analyst"]
    return User.objects.create_user(
        "police.analyst2",
        password="a-long-test-password-1",
        first_name="Second",
        last_name="Analyst",
        agency=first.agency,
        role="police_analyst",
    )


def grading(version: str, **changes: str) -> dict[str, str]:
    return {
        "source_evaluation": "2",
        "intelligence_assessment": "C",
        "handling_code": "P",
        "sanitised_text": TEXT,
        "version": version,
        **changes,
    }


def test_the_second_analyst_is_told_and_keeps_what_they_wrote(
    demo_users: dict[str, Any], queued: Event, second_analyst: User
) -> None:
    url = f"/intelligence/{queued.pk}/grade/"
    priya, other = client_for(demo_users["police.analyst"]), client_for(second_analyst)
    version_a = priya.get(url).context["form"].initial["version"]
    version_b = other.get(url).context["form"].initial["version"]
    assert version_a == version_b
    assert f'name="version" value="{version_a}"' in priya.get(url).content.decode()

    first = priya.post(url, grading(version_a, sanitised_text="Sanitised by Priya."))
    assert first.status_code == 302
    second = other.post(
        url,
        grading(
            version_b,
            source_evaluation="1",
            handling_code="C",
            handling_conditions="Not to be shared outside the force",
        ),
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "Priya Shah changed this report" in page
    assert "govuk-error-summary" in page
    assert "Not to be shared outside the force" in page  # the second analyst's answer, kept
    assert "Sanitised by Priya." in page  # the first analyst's grading, shown
    queued.report.refresh_from_db()
    queued.refresh_from_db()
    assert queued.report.text == "Sanitised by Priya."  # the first save is not overwritten
    assert queued.report.grade == "2CP"

    # Saving again, knowingly, replaces the first grading.
    current = second.context["form"].data["version"]
    third = other.post(
        url,
        grading(
            current,
            source_evaluation="1",
            handling_code="C",
            handling_conditions="Not to be shared outside the force",
        ),
    )
    assert third.status_code == 302
    queued.report.refresh_from_db()
    assert queued.report.grade == "1CC"
    assert queued.report.graded_by == second_analyst


def test_a_form_without_a_version_still_saves(demo_users: dict[str, Any], queued: Event) -> None:
    response = client_for(demo_users["police.analyst"]).post(
        f"/intelligence/{queued.pk}/grade/",
        {k: v for k, v in grading("").items() if k != "version"},
    )
    assert response.status_code == 302
