"""The queryset filters agree with the per-record policy, record by record.

Lists, search and the home page filter in the database (``visible_or_redacted``,
``filter_visible``); profile pages and rows ask ``decide_for``. For one record of every
combination of agency x handling code x sensitivity x area, and for every demo user (and a few
unusual ones), the two must select exactly the same records.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from linewatch.core.access import Decision
from linewatch.web.access import decide_for, filter_visible, visible_or_redacted
from linewatch.web.accounts.models import Agency
from linewatch.web.events.models import Event
from linewatch.web.interventions.models import Intervention
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person, Phone, Vehicle

from .factories import (
    CountyLineFactory,
    EventFactory,
    InterventionFactory,
    LocationFactory,
    PersonFactory,
    UserFactory,
)

# One agency of each kind that matters, plus a second council (another agency of the same kind).
AGENCIES = (
    "leicestershire-police",
    "charnwood-bc",
    "leicester-city-council",
    "leicestershire-county-council",
    "midshires-housing",
    "llr-recovery",
    "crimestoppers",
)
AREAS = ("E07000130", "E07000133", "E06000016", "")  # Charnwood, Melton, Leicester, unknown
HANDLING = ("P", "C")
SENSITIVITY = ("standard", "sensitive", "restricted")


def _phone(n: int, **marking: Any) -> Phone:
    return Phone(e164=f"+4477009{n:05d}", source_feed="test", **marking)


def _vehicle(n: int, **marking: Any) -> Vehicle:
    return Vehicle(
        vrm=f"TE{n:02d}ABC"[:10] if n < 100 else f"T{n:05d}X", source_feed="test", **marking
    )


KINDS: dict[str, tuple[type[Any], Any]] = {
    "person": (Person, lambda n, **m: PersonFactory.build(**m)),
    "location": (Location, lambda n, **m: LocationFactory.build(**m)),
    "event": (Event, lambda n, **m: EventFactory.build(kind="needle_find", **m)),
    "intelligence": (Event, lambda n, **m: EventFactory.build(kind="intelligence", **m)),
    "community report": (Event, lambda n, **m: EventFactory.build(kind="community_report", **m)),
    "county line": (CountyLine, lambda n, **m: CountyLineFactory.build(**m)),
    "intervention": (Intervention, lambda n, **m: InterventionFactory.build(**m)),
    "phone": (Phone, _phone),
    "vehicle": (Vehicle, _vehicle),
}


def _every_combination(kind: str) -> list[Any]:
    from django.utils import timezone

    model, build = KINDS[kind]
    agencies = {a.code: a for a in Agency.objects.filter(code__in=AGENCIES)}
    records = [
        build(
            n,
            owning_agency=agencies[code],
            handling_code=handling,
            sensitivity=sensitivity,
            area_code=area,
            received_at=timezone.now(),
        )
        for n, (code, handling, sensitivity, area) in enumerate(
            itertools.product(AGENCIES, HANDLING, SENSITIVITY, AREAS)
        )
    ]
    model.objects.bulk_create(records)
    return list(model.objects.select_related("owning_agency"))


def _users(demo_users: dict[str, Any]) -> dict[str, Any]:
    unusual = {
        # A police role in a council: treated as a partner, not as the police.
        "council.constable": UserFactory(
            username="council.constable",
            agency=Agency.objects.get(code="charnwood-bc"),
            role="police_officer",
        ),
        # An agency that covers no particular area.
        "crimestoppers.practitioner": UserFactory(
            username="crimestoppers.practitioner",
            agency=Agency.objects.get(code="crimestoppers"),
            role="partner_practitioner",
        ),
        # A partner analyst working for the police.
        "police.partner_analyst": UserFactory(
            username="police.partner_analyst", role="partner_analyst"
        ),
    }
    return {**demo_users, **unusual}


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_database_filters_select_exactly_what_the_policy_decides(
    kind: str, demo_users: dict[str, Any]
) -> None:
    records = _every_combination(kind)
    model = KINDS[kind][0]
    assert len(records) == len(AGENCIES) * len(HANDLING) * len(SENSITIVITY) * len(AREAS)
    queryset = model.objects.filter(pk__in=[r.pk for r in records])
    for username, user in _users(demo_users).items():
        decisions = {record.pk: decide_for(user, record) for record in records}
        known = {pk for pk, decision in decisions.items() if decision is not Decision.HIDDEN}
        visible = {pk for pk, decision in decisions.items() if decision is Decision.VISIBLE}
        got_known = set(visible_or_redacted(user, queryset).values_list("pk", flat=True))
        got_visible = set(filter_visible(user, queryset).values_list("pk", flat=True))
        assert got_known == known, (
            f"{username}, {kind}: visible_or_redacted gave {len(got_known - known)} records the "
            f"policy hides and missed {len(known - got_known)} it shows"
        )
        assert got_visible == visible, (
            f"{username}, {kind}: filter_visible gave {len(got_visible - visible)} records not "
            f"visible and missed {len(visible - got_visible)} visible ones"
        )


def test_each_demo_user_sees_a_sensible_share(demo_users: dict[str, Any]) -> None:
    """The answers differ between users in the way the policy says (a smoke check that the
    combinations above are not all decided alike)."""
    records = _every_combination("event")
    queryset = Event.objects.filter(pk__in=[r.pk for r in records])

    def counts(username: str) -> tuple[int, int]:
        user = demo_users[username]
        return (
            filter_visible(user, queryset).count(),
            visible_or_redacted(user, queryset).count(),
        )

    total = len(records)
    assert counts("police.admin") == (0, 0)
    assert counts("police.auditor") == (0, total)
    recovery_own = len(HANDLING) * len(SENSITIVITY) * len(AREAS)
    assert counts("recovery.worker") == (recovery_own, recovery_own)
    analyst_full, analyst_known = counts("police.analyst")
    officer_full, officer_known = counts("police.officer")
    practitioner_full, practitioner_known = counts("charnwood.practitioner")
    assert analyst_full > officer_full > practitioner_full > 0
    assert analyst_known > officer_known > practitioner_known


def test_the_filters_follow_an_agency_that_joins_later(demo_users: dict[str, Any]) -> None:
    """Agencies are read when the filter is built, so a new partner's records are covered."""
    school = Agency.objects.create(
        code="test-academy", name="Test Academy", kind="education", areas=["E07000130"]
    )
    record = EventFactory(owning_agency=school, area_code="E07000130")
    user = demo_users["charnwood.practitioner"]
    assert decide_for(user, record) is Decision.VISIBLE
    assert list(filter_visible(user, Event.objects.filter(pk=record.pk))) == [record]
    assert not filter_visible(demo_users["recovery.worker"], Event.objects.filter(pk=record.pk))


def test_an_anonymous_user_gets_no_records(agencies: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    EventFactory()
    with pytest.raises(PermissionError, match="anonymous"):
        visible_or_redacted(AnonymousUser(), Event.objects.all())
