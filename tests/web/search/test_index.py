"""The search index follows the records (saved, imported, erased) and finds exactly what a
scan of every name and address would find."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linewatch.core.search_terms import name_grams, word_grams
from linewatch.web.intake.loader import import_file
from linewatch.web.pole.models import Location, Person
from linewatch.web.retention.erasure import erase_person
from linewatch.web.search import queries
from linewatch.web.search.index import add_single_word_marks
from linewatch.web.search.models import AddressGram, NameGram
from linewatch.web.search.queries import people_named, places_with, similar_people
from linewatch.web.search.views import find

from ..factories import LocationFactory, PersonFactory

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "feeds" / "samples" / "valid"


@pytest.fixture(autouse=True)
def _agencies(agencies: dict[str, Any]) -> None:
    """Every record here belongs to one of the partnership's agencies."""


def _grams(person: Person) -> set[str]:
    return set(NameGram.objects.filter(person=person).values_list("gram", flat=True))


def _found(user: Any, query: str, kind: str) -> set[str]:
    return {
        e.stub.reference if e.stub else f"{e.record._meta.model_name}:{e.record.pk}"
        for e in find(user, query)[kind]
    }


def test_a_saved_person_is_indexed_and_reindexed_when_the_name_changes() -> None:
    person = PersonFactory(first_name="Jayden", surname="Okafor", search_name="jayden okafor")
    assert _grams(person) == name_grams("jayden okafor")
    person.search_name = "jayden okafor | jj"
    person.save()
    assert _grams(person) == name_grams("jayden okafor | jj")
    assert list(people_named(["kafo"])) == [person]
    assert list(people_named(["jj"])) == [person]


def test_imported_people_and_places_are_indexed(
    agencies: dict[str, Any], demo_users: dict[str, Any], tmp_path: Path
) -> None:
    path = Path(shutil.copy(SAMPLES / "persons.csv", tmp_path / "persons.csv"))
    assert import_file("persons", path).status == "imported"
    people = list(Person.objects.exclude(search_name=""))
    assert people
    for person in people:
        assert _grams(person) == name_grams(person.search_name)
    for place in Location.objects.exclude(address=""):
        indexed = set(AddressGram.objects.filter(location=place).values_list("gram", flat=True))
        assert indexed == word_grams(place.address, padded=False)
    analyst = demo_users["police.analyst"]
    kai = Person.objects.get(person_ref="SC-0001")
    assert f"person:{kai.pk}" in _found(analyst, "testperson", "people")
    row = Location.objects.get(address="1 Example Row")
    assert f"location:{row.pk}" in _found(analyst, "example row", "locations")


def test_erasure_takes_the_persons_pieces_with_it(demo_users: dict[str, Any]) -> None:
    person = PersonFactory(first_name="Kestrel", surname="Vantongeren")
    assert _grams(person)
    erase_person(person, user=demo_users["police.analyst"], reason="Review: no purpose")
    assert not NameGram.objects.filter(person_id=person.pk).exists()
    assert _found(demo_users["police.analyst"], "vantongeren", "people") == set()


def test_deleting_a_place_takes_its_pieces_with_it() -> None:
    place = LocationFactory(address="4 Quorn Avenue")
    place_id = place.pk
    place.delete()
    assert not AddressGram.objects.filter(location_id=place_id).exists()


NAMES = st.text(alphabet="abcdeo '|", min_size=0, max_size=14)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(NAMES, min_size=1, max_size=8), st.text(alphabet="abcdeo '", max_size=8))
def test_the_index_finds_exactly_what_scanning_every_name_finds(
    agencies: dict[str, Any], names: list[str], query: str
) -> None:
    agency = agencies["leicestershire-police"]
    Person.objects.all().delete()
    Location.objects.all().delete()
    for n, name in enumerate(names):
        Person.objects.create(search_name=name, owning_agency=agency, received_at=timezone.now())
        Location.objects.create(
            address=name, address_key=str(n), owning_agency=agency, received_at=timezone.now()
        )
    words = query.lower().split()
    scanned = Person.objects.all()
    places = Location.objects.all()
    for word in words:
        scanned = scanned.filter(search_name__icontains=word)
        places = places.filter(address__icontains=word)
    assert set(people_named(words)) == set(scanned)
    assert set(places_with(words)) == set(places)
    with mock.patch.object(queries, "COMMON", 2):  # every piece common: checked row by row
        assert set(people_named(words)) == set(scanned)
        assert set(places_with(words)) == set(places)


def test_spelling_variants_are_found_among_many_similar_names(agencies: dict[str, Any]) -> None:
    agency = agencies["leicestershire-police"]
    now = timezone.now()
    # Many people share the first name: the one with the right surname must still be scored.
    Person.objects.bulk_create(
        Person(search_name=f"jaydon {surname}", owning_agency=agency, received_at=now)
        for surname in [f"brown{n}" for n in range(1500)]
    )
    from linewatch.web.search.index import index_people

    index_people(Person.objects.all())
    wanted = PersonFactory(first_name="Jayden", surname="Smith", search_name="jayden smith")
    swapped = PersonFactory(first_name="Mohammed", surname="Khan", search_name="mohammed khan")
    assert wanted.pk in similar_people("Jaydon Smyth", 25)
    assert wanted.pk in similar_people("SMITH, Jaydon", 25)
    assert wanted.pk in similar_people("Jaydon Smtih", 25)
    assert swapped.pk in similar_people("Muhammad Khan", 25)
    assert similar_people("Aaron Jones", 25) == []


def test_a_one_word_name_is_found_by_a_variant_and_marked_by_the_migration() -> None:
    alone = PersonFactory(first_name="", surname="Smith", search_name="smith")
    alias = PersonFactory(first_name="Kevin", surname="Obi", search_name="kevin obi | kevo")
    both = PersonFactory(first_name="Jay", surname="Smith", search_name="jay smith")
    assert similar_people("Smyth", 25) == [alone.pk]
    assert similar_people("kevvo", 25) == [alias.pk]
    assert both.pk not in similar_people("smith", 25)  # "smith" is not spelt like "jay smith"
    NameGram.objects.filter(gram__startswith="=").delete()
    assert similar_people("Smyth", 25) == []
    assert add_single_word_marks(Person, "default") == 2  # "=sm" for "smith", "=ke" for "kevo"
    assert similar_people("Smyth", 25) == [alone.pk]
    assert add_single_word_marks(Person, "default") == 0


def test_search_finds_each_kind_of_term(demo_users: dict[str, Any]) -> None:
    from linewatch.web.events.models import EventPhone, EventVehicle
    from linewatch.web.pole.models import PersonPhone, Phone, Vehicle

    from ..factories import CountyLineFactory, EventFactory

    analyst = demo_users["police.analyst"]
    home = LocationFactory(address="27 Bramble Crescent, Loughborough", postcode="LE11 4QP")
    person = PersonFactory(first_name="Tyrese", surname="Whitlock", search_name="tyrese whitlock")
    phone = Phone.objects.create(
        e164="+447700900555", owning_agency=person.owning_agency, received_at=timezone.now()
    )
    PersonPhone.objects.create(person=person, phone=phone)
    vehicle = Vehicle.objects.create(
        vrm="AB12CDE", owning_agency=person.owning_agency, received_at=timezone.now()
    )
    event = EventFactory()
    EventPhone.objects.create(event=event, phone=phone, role="mentioned")
    seen = EventFactory()
    EventVehicle.objects.create(event=seen, vehicle=vehicle, role="seen")
    line = CountyLineFactory(name="KESTREL line")
    assert f"location:{home.pk}" in _found(analyst, "bramble", "locations")
    assert f"location:{home.pk}" in _found(analyst, "le114qp", "locations")
    assert f"location:{home.pk}" in _found(analyst, "LE11 4", "locations")
    assert f"person:{person.pk}" in _found(analyst, "07700 900555", "people")
    assert f"person:{person.pk}" in _found(analyst, "whit", "people")
    assert f"phone:{phone.pk}" in _found(analyst, "+44 7700 900555", "phones")
    assert f"event:{event.pk}" in _found(analyst, "7700900555", "events")
    assert f"event:{seen.pk}" in _found(analyst, "ab12 cde", "events")
    assert f"vehicle:{vehicle.pk}" in _found(analyst, "AB12 CDE", "vehicles")
    assert f"countyline:{line.pk}" in _found(analyst, "kestrel", "lines")
    assert _found(analyst, "whitlock", "locations") == set()


def test_the_search_page_lists_what_it_finds(demo_users: dict[str, Any]) -> None:
    person = PersonFactory(first_name="Jayden", surname="Smith", search_name="jayden smith")
    client = Client()
    client.force_login(demo_users["police.analyst"])
    page = client.get("/search/", {"q": "Smyth Jaydon"}).content.decode()
    assert f'data-record="person:{person.pk}"' in page
