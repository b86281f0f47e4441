"""The database checks of a campaign's preparation: opted out, known child, police or partner
number, do not contact.

A screening check reads every agency's records whatever the user may see, because it only
removes numbers and reports counts; nothing about the records is shown.

A *known child* is a number linked to a person record that is flagged a child or whose date of
birth (even partly known) allows them to be under 18 today: with only a year (or a year and a
month) known, the latest possible date is taken, so a doubtful case is treated as a child.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from datetime import date

from django.utils import timezone

from linewatch.core.campaign import agencies_file_numbers, numbers_in_text
from linewatch.web.accounts.models import Agency
from linewatch.web.messaging.models import DoNotContact, OptOut, PartnerNumber
from linewatch.web.pole.models import PersonPhone

CHUNK = 500


def _chunks(numbers: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for number in numbers:
        batch.append(number)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def latest_birth_date(year: int, month: int | None, day: int | None) -> date:
    month = month if month and 1 <= month <= 12 else 12
    last = calendar.monthrange(year, month)[1]
    return date(year, month, day if day and 1 <= day <= last else last)


def could_be_child(
    year: int | None, month: int | None, day: int | None, flags: list[str], today: date
) -> bool:
    if "child" in (flags or []):
        return True
    if not year:
        return False
    born = latest_birth_date(year, month, day)
    try:
        eighteenth = born.replace(year=born.year + 18)
    except ValueError:  # 29 February
        eighteenth = date(born.year + 18, 3, 1)
    return eighteenth > today


def partner_numbers() -> set[str]:
    """Every known police or partner number: the table, the agencies' contact texts in the
    database and those in the packaged agencies.yaml."""
    numbers = set(PartnerNumber.objects.values_list("e164", flat=True))
    for contact in Agency.objects.values_list("contact", flat=True):
        numbers |= numbers_in_text(contact or "")
    return numbers | agencies_file_numbers()


def screen(numbers: frozenset[str], today: date | None = None) -> dict[str, set[str]]:
    """The numbers that each database check removes (see the module docstring)."""
    today = today or timezone.localdate()
    found: dict[str, set[str]] = {
        "opted_out": set(),
        "known_child": set(),
        "police_or_partner": partner_numbers() & numbers,
        "do_not_contact": set(),
    }
    for batch in _chunks(sorted(numbers)):
        found["opted_out"] |= set(
            OptOut.objects.filter(e164__in=batch).values_list("e164", flat=True)
        )
        found["do_not_contact"] |= set(
            DoNotContact.objects.filter(e164__in=batch).values_list("e164", flat=True)
        )
        links = PersonPhone.objects.filter(phone__e164__in=batch).values_list(
            "phone__e164",
            "person__dob_year",
            "person__dob_month",
            "person__dob_day",
            "person__flags",
        )
        for e164, year, month, day, flags in links:
            if could_be_child(year, month, day, flags or [], today):
                found["known_child"].add(e164)
    return found
