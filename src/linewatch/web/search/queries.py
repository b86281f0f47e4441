"""What search finds for each reading of a query, through the search index (:mod:`.models`).

A word of three letters or more is looked up by its pieces, and the records found are then
checked with the same ``icontains`` the search always used, so the index only makes the
answer quick, never different. Shorter words are checked on their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from linewatch.core.name_match import fuzzy_matches
from linewatch.core.search_terms import contained_grams, word_grams
from linewatch.web.pole.models import Location, Person
from linewatch.web.search.models import AddressGram, NameGram

# People scored for a spelling variant, those sharing the most pieces with the query first
# (each query word must share one at least): a few hundred costs milliseconds.
FUZZY_CANDIDATES = 1000


def _holding_all(gram_model: Any, owner: str, words: list[str]) -> Any:
    """Ids (a subquery) of the records whose pieces include every piece of ``words``."""
    required = set().union(*(contained_grams(word) for word in words))
    if not required:
        return None
    return (
        gram_model.objects.filter(gram__in=sorted(required))
        .values(owner)
        .annotate(found=Count("gram"))
        .filter(found=len(required))
        .values(owner)
    )


def people_named(words: list[str]) -> QuerySet[Person]:
    """People whose names or aliases contain every one of ``words`` (lower case)."""
    people = Person.objects.all()
    holding = _holding_all(NameGram, "person_id", words)
    if holding is not None:
        people = people.filter(pk__in=holding)
    for word in words:
        people = people.filter(search_name__icontains=word)
    return people


def places_with(words: list[str]) -> QuerySet[Location]:
    """Places whose address contains every one of ``words``."""
    places = Location.objects.all()
    holding = _holding_all(AddressGram, "location_id", words)
    if holding is not None:
        places = places.filter(pk__in=holding)
    for word in words:
        places = places.filter(address__icontains=word)
    return places


def similar_people(text: str, limit: int) -> list[int]:
    """Ids of people whose recorded name or alias is spelt close to ``text``, best first."""
    words = [w for w in text.lower().replace(",", " ").split() if w.isalpha()]
    if not words or len(" ".join(words)) < 4:
        return []
    pieces = [word_grams(word) for word in words]
    per_word = {
        f"word{i}": Count("gram", filter=Q(gram__in=sorted(grams)))
        for i, grams in enumerate(pieces)
    }
    shared = (
        NameGram.objects.filter(gram__in=sorted(set().union(*pieces)))
        .values("person_id")
        .annotate(shared=Count("gram"), **per_word)
        .filter(**{f"{name}__gte": 1 for name in per_word})
        .order_by("-shared", "person_id")
        .values_list("person_id", flat=True)[:FUZZY_CANDIDATES]
    )
    candidates = Person.objects.filter(pk__in=list(shared)).values_list("id", "search_name")
    return [pk for pk, _ in fuzzy_matches(" ".join(words), candidates)][:limit]
