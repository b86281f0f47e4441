"""Keeping the search index in step with people and places.

- a record saved through the ORM (forms, the API's single rows, the admin, factories) has its
  pieces replaced at once (``post_save``);
- a feed import writes its records in bulk, without signals: when its ``FeedImport`` is saved
  as completed (inside the import's transaction) the records it created are indexed;
- deleting a record deletes its pieces (``CASCADE``), erasure included;
- ``migrate`` indexes what a database held before the index existed
  (:func:`index_missing`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save

from linewatch.core.search_terms import name_grams, word_grams
from linewatch.web.intake.bulk_writer import BulkWriter

BATCH = 5000


def name_rows(pk: int, search_name: str) -> Iterator[tuple[int, str]]:
    return ((pk, gram) for gram in sorted(name_grams(search_name)))


def address_rows(pk: int, address: str) -> Iterator[tuple[int, str]]:
    return ((pk, gram) for gram in sorted(word_grams(address, padded=False)))


def _index(
    gram_model: type[models.Model],
    owner: str,
    records: models.QuerySet[Any],
    text: str,
    rows: Any,
    using: str,
) -> int:
    """Write the pieces of ``records`` that have none yet, in batches; how many records."""
    already = gram_model._default_manager.using(using).filter(**{owner: OuterRef("pk")})
    wanted = records.using(using).filter(~Exists(already)).order_by("pk")
    writer = BulkWriter(gram_model, using=using)
    done, last = 0, 0
    while True:
        batch = list(wanted.filter(pk__gt=last).values_list("pk", text)[:BATCH])
        if not batch:
            return done
        writer.write_rows((f"{owner}_id", "gram"), _flatten(rows(pk, t) for pk, t in batch))
        done += len(batch)
        last = batch[-1][0]


def _flatten(groups: Iterable[Iterable[tuple[int, str]]]) -> Iterator[tuple[int, str]]:
    for group in groups:
        yield from group


def index_people(people: models.QuerySet[Any], using: str = DEFAULT_DB_ALIAS) -> int:
    from linewatch.web.search.models import NameGram

    return _index(NameGram, "person", people, "search_name", name_rows, using)


def index_locations(locations: models.QuerySet[Any], using: str = DEFAULT_DB_ALIAS) -> int:
    from linewatch.web.search.models import AddressGram

    return _index(AddressGram, "location", locations, "address", address_rows, using)


def index_missing(person_model: Any, location_model: Any, using: str) -> tuple[int, int]:
    """Index every person and place without pieces (models may be a migration's)."""
    return (
        index_people(person_model._default_manager.all(), using),
        index_locations(location_model._default_manager.all(), using),
    )


def add_single_word_marks(person_model: Any, using: str) -> int:
    """Add the one-word-name marks missing from people indexed without them."""
    from linewatch.web.search.models import NameGram

    indexed = NameGram.objects.using(using).filter(person_id=OuterRef("pk"))
    people = person_model._default_manager.using(using).filter(Exists(indexed))
    writer = BulkWriter(NameGram, using=using)
    added, last = 0, 0
    while True:
        batch = list(
            people.filter(pk__gt=last).order_by("pk").values_list("pk", "search_name")[:BATCH]
        )
        if not batch:
            return added
        rows = [
            (pk, gram) for pk, name in batch for gram in sorted(name_grams(name) - word_grams(name))
        ]
        have = set(
            NameGram.objects.using(using)
            .filter(person_id__in=[pk for pk, _ in rows], gram__startswith="=")
            .values_list("person_id", "gram")
        )
        fresh = [row for row in rows if row not in have]
        writer.write_rows(("person_id", "gram"), fresh)
        added += len(fresh)
        last = batch[-1][0]


def _reindex(
    grams: Any, owner: str, column: str, rows: Any, instance: Any, using: str, fields: Any
) -> None:
    """Replace one record's pieces when its indexed ``column`` may have changed."""
    if fields is not None and column not in fields:
        return
    grams.objects.using(using).filter(**{owner: instance.pk}).delete()
    BulkWriter(grams, using=using).write_rows(
        (owner, "gram"), rows(instance.pk, getattr(instance, column))
    )


def _person_saved(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    from linewatch.web.search.models import NameGram

    fields = kwargs.get("update_fields")
    _reindex(NameGram, "person_id", "search_name", name_rows, instance, using, fields)


def _location_saved(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    from linewatch.web.search.models import AddressGram

    fields = kwargs.get("update_fields")
    _reindex(AddressGram, "location_id", "address", address_rows, instance, using, fields)


def _import_saved(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    if instance.status != "completed":
        return
    from linewatch.web.pole.models import Location, Person

    index_people(Person.objects.filter(feed_import_id=instance.pk), using)
    index_locations(Location.objects.filter(feed_import_id=instance.pk), using)


def connect() -> None:
    from linewatch.web.intake.models import FeedImport
    from linewatch.web.pole.models import Location, Person

    post_save.connect(_person_saved, sender=Person, dispatch_uid="search-person")
    post_save.connect(_location_saved, sender=Location, dispatch_uid="search-location")
    post_save.connect(_import_saved, sender=FeedImport, dispatch_uid="search-import")
