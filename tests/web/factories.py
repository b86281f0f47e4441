"""factory-boy factories for the partnership's records (agencies come from the ``agencies``
fixture, which loads linewatch/data/agencies.yaml)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from linewatch.web.accounts.models import Agency, User
from linewatch.web.events.models import Event
from linewatch.web.intel.models import IntelligenceReport
from linewatch.web.interventions.models import Intervention
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person


def agency(code: str = "leicestershire-police") -> Agency:
    return Agency.objects.get(code=code)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    kind = "council"
    areas: Any = factory.LazyFunction(list)
    contact = "Data protection officer, dpo@example.org"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    agency = factory.LazyFunction(agency)
    role = "police_analyst"
    password = factory.django.Password("a-long-test-password-1")


class RecordFactory(factory.django.DjangoModelFactory):
    """The marking and provenance every partnership record carries."""

    class Meta:
        abstract = True

    owning_agency = factory.LazyFunction(agency)
    handling_code = "P"
    sensitivity = "standard"
    area_code = "E07000130"
    source_feed = "test"
    received_at = factory.LazyFunction(timezone.now)


class LocationFactory(RecordFactory):
    class Meta:
        model = Location

    address = factory.Sequence(lambda n: f"{n} Test Street, Loughborough")
    address_key = factory.LazyAttribute(lambda o: o.address.lower())
    postcode = factory.Sequence(lambda n: f"LE11 {n % 9 + 1}AB")


class PersonFactory(RecordFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="en_GB")
    surname = factory.Faker("last_name", locale="en_GB")
    dob_year = 2006
    search_name = factory.LazyAttribute(lambda o: f"{o.first_name} {o.surname}".lower())


class EventFactory(RecordFactory):
    class Meta:
        model = Event

    kind = "asb"
    ref = factory.Sequence(lambda n: f"EV-{n:05d}")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    category = "Drug dealing"
    description = "Young people seen exchanging packages at the door."


class IntelligenceEventFactory(EventFactory):
    """An intelligence report: the event and its graded report together."""

    class Meta:
        skip_postgeneration_save = True

    kind = "intelligence"
    ref = factory.Sequence(lambda n: f"IR-{n:05d}")

    @factory.post_generation
    def report(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            IntelligenceReportFactory(event=self, **kwargs)


class IntelligenceReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntelligenceReport

    event = factory.SubFactory(IntelligenceEventFactory, report=False)
    text = "A teenager from Birmingham is staying at the flat and answering the deal line."
    source_agency = factory.LazyAttribute(lambda o: o.event.owning_agency)
    source_evaluation = "2"
    intelligence_assessment = "B"
    handling_conditions = factory.LazyAttribute(
        lambda o: (
            "A1: do not act without the originator's consent"
            if o.event.handling_code == "C"
            else ""
        )
    )
    status = "graded"


class CountyLineFactory(RecordFactory):
    class Meta:
        model = CountyLine

    name = factory.Sequence(lambda n: f"TEST{n} line")
    status = "active"
    exporting_force = "West Midlands Police"
    importing_areas: Any = factory.LazyFunction(lambda: ["E07000130"])


class InterventionFactory(RecordFactory):
    class Meta:
        model = Intervention

    kind = "closure_order"
    started_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=10))
    outcome = "Granted for three months"
