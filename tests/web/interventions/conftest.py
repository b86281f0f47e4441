"""A line with its holder, a runner and a cuckooed address, for the intervention tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from linewatch.web.lines.models import CountyLine, LineAddress, LineMember
from linewatch.web.pole.models import Location, Person

from ..factories import CountyLineFactory, LocationFactory, PersonFactory


@dataclass
class LineCase:
    line: CountyLine
    holder: Person
    runner: Person
    home: Location


@pytest.fixture
def case(agencies: dict[str, Any]) -> LineCase:
    line = CountyLineFactory(status="active", importing_towns=["Loughborough"])
    holder = PersonFactory(first_name="Jayden", surname="Holder")
    runner = PersonFactory(first_name="Kai", surname="Runner", dob_year=2009)
    home = LocationFactory(address="14 Rosebery Street, Loughborough", postcode="LE11 5DX")
    LineMember.objects.create(line=line, person=holder, role="holder")
    LineMember.objects.create(line=line, person=runner, role="runner")
    LineAddress.objects.create(line=line, location=home, role="cuckooed")
    return LineCase(line, holder, runner, home)


@pytest.fixture
def signed_in(demo_users: dict[str, Any]) -> Any:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo_users[username])
        return client

    return make
