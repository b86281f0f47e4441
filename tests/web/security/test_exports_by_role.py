"""Downloads by role and by another agency's ids: share packages and network exports, as every
demo user (every role, several agencies), over records in every marking.

- A share package is seen and downloaded (page, JSON, PDF) by the person who made it only;
  anyone else, a colleague of the same force included, gets 404 as for a package that does not
  exist. Making one: refused (403) to roles that may not share and for a record seen only as a
  stub; a hidden record's id answers 404, as a missing one does.
- A network export centred on a record the user may not know of answers exactly as one centred
  on a record that does not exist; on a visible one it is a GraphML or i2 file.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from linewatch.core.access import Decision
from linewatch.web.access import decide_for
from linewatch.web.interventions.sharing import build_package, can_share
from linewatch.web.pole.models import Person

from ..factories import PersonFactory, agency

pytestmark = pytest.mark.django_db

NO_SUCH_RECORD = 999_999_999
MARKINGS = (("P", "standard"), ("P", "sensitive"), ("P", "restricted"), ("C", "standard"))
HOLDERS = ("leicestershire-police", "charnwood-bc", "llr-recovery")
EXPORT = "?centre=person:{}&depth=1&reason=briefing"


@pytest.fixture
def people(agencies: dict[str, Any]) -> list[Person]:
    """Surnames no page could show by chance (a user's own name, say)."""
    return [
        PersonFactory(
            owning_agency=agency(holder),
            handling_code=code,
            sensitivity=sensitivity,
            surname=f"Qzmarking{n:02d}",
        )
        for n, (holder, (code, sensitivity)) in enumerate(itertools.product(HOLDERS, MARKINGS))
    ]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_share_package_is_seen_by_its_maker_only(
    demo_users: dict[str, Any], people: list[Person]
) -> None:
    maker = demo_users["police.analyst"]
    subject = next(p for p in people if decide_for(maker, p) is Decision.VISIBLE)
    package = build_package(
        maker,
        "person",
        subject.pk,
        purpose="Safeguarding strategy meeting",
        lawful_basis="DPA 2018 Part 3 s35",
        recipients=["Children's Social Care"],
    )
    paths = [f"/interventions/packages/{package.pk}/"] + [
        f"/interventions/packages/{package.pk}/package.{form}" for form in ("json", "pdf")
    ]
    missing = [f"/interventions/packages/{NO_SUCH_RECORD}/"]
    problems = []
    for username, user in demo_users.items():
        client = _client(user)
        for path in paths:
            status = client.get(path).status_code
            expected = 200 if user.pk == maker.pk else 404
            if status != expected:
                problems.append(f"{username} GET {path}: {status}, expected {expected}")
        for path in missing:
            if client.get(path).status_code != 404:
                problems.append(f"{username} GET {path}: not 404")
    assert not problems, "\n".join(problems)


def test_making_a_share_package_follows_role_and_policy(
    demo_users: dict[str, Any], people: list[Person]
) -> None:
    problems = []
    for username, user in demo_users.items():
        client = _client(user)
        missing = client.get(f"/interventions/share/person/{NO_SUCH_RECORD}/").status_code
        for person in people:
            decision = decide_for(user, person)
            status = client.get(f"/interventions/share/person/{person.pk}/").status_code
            if not can_share(user):
                expected = 403
            else:
                expected = {Decision.VISIBLE: 200, Decision.REDACTED: 403}.get(decision, missing)
            if status != expected:
                problems.append(f"{username}, {decision} person {person.pk}: {status}/{expected}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("fmt", ["graphml", "i2"])
def test_a_network_export_of_a_hidden_centre_is_as_of_a_missing_one(
    fmt: str, demo_users: dict[str, Any], people: list[Person]
) -> None:
    problems, tried = [], set()
    base = f"/network/export/{fmt}/"
    for username, user in demo_users.items():
        client = _client(user)
        missing = client.get(base + EXPORT.format(NO_SUCH_RECORD))
        for person in people:
            decision = decide_for(user, person)
            tried.add(decision)
            response = client.get(base + EXPORT.format(person.pk))
            where = f"{username}, {decision} person {person.pk}"
            if decision is Decision.HIDDEN:
                if response.status_code != missing.status_code:
                    problems.append(
                        f"{where}: {response.status_code}, missing: {missing.status_code}"
                    )
                if person.surname in response.content.decode(errors="replace"):
                    problems.append(f"{where}: the export names the hidden person")
            elif decision is Decision.VISIBLE and response.status_code == 200:
                assert "attachment" in response["Content-Disposition"], where
    assert {Decision.VISIBLE, Decision.HIDDEN} <= tried
    assert not problems, "\n".join(problems[:30])
