"""Person rows (with their aliases, phones and home) as the linkage core's ``PersonRecord``s."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from linewatch.core.linking import PersonRecord
from linewatch.web.pole.models import Person, PersonAlias, PersonPhone

BATCH = 5000


def record_id(person_id: int) -> str:
    """Zero-padded, so the core's ``left_id < right_id`` (text order) is also the id order."""
    return f"{person_id:012d}"


def person_id(record: str) -> int:
    return int(record)


def dob_text(year: int | None, month: int | None, day: int | None) -> str:
    """A date of birth as precise as it was recorded: ``2007-11-03``, ``11/2007`` or ``2007``."""
    if not year:
        return ""
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{month:02d}/{year:04d}"
    return f"{year:04d}"


def person_records(ids: Iterable[int] | None = None) -> list[PersonRecord]:
    """The linkage input for the given person ids (every person when ``ids`` is None)."""
    chosen = None if ids is None else sorted(set(ids))
    rows = []
    batches = (
        [None] if chosen is None else [chosen[i : i + BATCH] for i in range(0, len(chosen), BATCH)]
    )
    for batch in batches:
        people = Person.objects.all()
        aliases = PersonAlias.objects.all()
        phones = PersonPhone.objects.all()
        if batch is not None:
            people = people.filter(pk__in=batch)
            aliases = aliases.filter(person_id__in=batch)
            phones = phones.filter(person_id__in=batch)
        alias_names: dict[int, list[str]] = defaultdict(list)
        for pid, name in aliases.order_by("person_id", "name").values_list("person_id", "name"):
            alias_names[pid].append(name)
        phone_numbers: dict[int, str] = {}
        for pid, e164 in phones.order_by("person_id", "id").values_list("person_id", "phone__e164"):
            phone_numbers.setdefault(pid, e164)
        values = people.order_by("pk").values_list(
            "pk",
            "first_name",
            "surname",
            "dob_year",
            "dob_month",
            "dob_day",
            "gender",
            "home__address",
            "home__postcode",
            "owning_agency__code",
        )
        for pk, first, surname, year, month, day, gender, address, postcode, agency in values:
            rows.append(
                PersonRecord(
                    record_id=record_id(pk),
                    first_name=first or "",
                    surname=surname or "",
                    aliases=tuple(alias_names.get(pk, ())),
                    dob=dob_text(year, month, day),
                    gender="" if gender in ("", "unknown") else gender,
                    address=address or "",
                    postcode=postcode or "",
                    phone=phone_numbers.get(pk, ""),
                    source=agency,
                )
            )
    return rows
