"""What search finds for each reading of a query, through the search index (:mod:`.models`).

A word of three letters or more is looked up by its pieces, and the records found are then
checked with the same ``icontains`` the search always used, so the index only makes the
answer quick, never different. Shorter words are checked on their own.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet

from linewatch.core.name_match import fuzzy_matches
from linewatch.core.search_terms import contained_grams, single_word_mark, word_grams
from linewatch.web.pole.models import Location, Person
from linewatch.web.search.models import AddressGram, NameGram

# People scored for a spelling variant of a name of several words, those sharing the most
# pieces with it first (each word must share one at least): hundreds cost milliseconds.
FUZZY_CANDIDATES = 500
# A piece held by this many records or more says little: the rarest pieces of the words are
# looked up, and words made only of such pieces are checked record by record in list order
# instead (words that common usually fill the first page within a few rows).
COMMON = 2000
RAREST = 2


_M = TypeVar("_M", bound=Model)


def _rarest(gram_model: Any, owner: str, grams: set[str]) -> list[str] | None:
    """The :data:`RAREST` rarest of ``grams``, or ``None`` when even those are common."""
    counts = []
    for gram in sorted(grams):
        held = gram_model.objects.filter(gram=gram).values(owner)[:COMMON]
        counts.append((held.count(), gram))
    counts.sort()
    if not counts or counts[0][0] >= COMMON:
        return None
    return [gram for _, gram in counts[:RAREST]]


def _holding(gram_model: Any, owner: str, words: list[str]) -> Any:
    """Ids (a subquery) of the records holding the rarest pieces of ``words``; ``None`` when
    no piece narrows the search (short or very common words)."""
    grams = _rarest(gram_model, owner, set().union(*(contained_grams(word) for word in words)))
    if grams is None:
        return None
    return (
        gram_model.objects.filter(gram__in=grams)
        .values(owner)
        .annotate(found=Count("gram"))
        .filter(found=len(grams))
        .values(owner)
    )


def people_named(words: list[str]) -> QuerySet[Person]:
    """People whose names or aliases contain every one of ``words`` (lower case)."""
    return _containing(Person.objects.all(), NameGram, "person_id", "search_name", words)


def places_with(words: list[str]) -> QuerySet[Location]:
    """Places whose address contains every one of ``words``."""
    return _containing(Location.objects.all(), AddressGram, "location_id", "address", words)


def _containing(
    rows: QuerySet[_M], grams: Any, owner: str, column: str, words: list[str]
) -> QuerySet[_M]:
    """``rows`` whose ``column`` contains every word: narrowed by the index, then checked."""
    holding = _holding(grams, owner, words)
    if holding is not None:
        rows = rows.filter(pk__in=holding)
    for word in words:
        rows = rows.filter(**{f"{column}__icontains": word})
    return rows


def _sharing_pieces(words: list[str]) -> list[int]:
    """People sharing pieces with every one of ``words``, those sharing the most first."""
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
        .values_list("person_id", flat=True)
    )
    return list(shared[:FUZZY_CANDIDATES])


def similar_people(text: str, limit: int) -> list[int]:
    """Ids of people whose recorded name or alias is spelt close to ``text``, best first.

    A one-word query is compared with the one-word names beginning with its first two
    letters; a longer one with the people sharing the most pieces with each of its words.
    """
    words = [w for w in text.lower().replace(",", " ").split() if w.isalpha()]
    if not words or len(" ".join(words)) < 4:
        return []
    if len(words) == 1:
        mark = NameGram.objects.filter(gram=single_word_mark(words[0])).values("person_id")
        candidates = Person.objects.filter(pk__in=mark)
    else:
        candidates = Person.objects.filter(pk__in=_sharing_pieces(words))
    scored = fuzzy_matches(" ".join(words), candidates.values_list("id", "search_name"))
    return [pk for pk, _ in scored][:limit]
