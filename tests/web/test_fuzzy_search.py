"""Searching a misspelt name finds the person, within what the policy lets the user see."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from linewatch.web.pole.models import Person

pytestmark = pytest.mark.django_db


def test_misspelt_name_finds_the_person(
    demo_users: dict[str, Any], agencies: dict[str, Any]
) -> None:
    person = Person.objects.create(
        first_name="Jayden",
        surname="Smith",
        search_name="jayden smith | jay",
        owning_agency=agencies["leicestershire-police"],
        received_at=timezone.now(),
    )
    client = Client()
    client.force_login(demo_users["police.analyst"])
    page = client.get("/search/", {"q": "Jaydon Smyth"}).content.decode()
    assert f'data-record="person:{person.pk}"' in page
