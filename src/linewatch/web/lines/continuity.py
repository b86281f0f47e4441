"""Which line a deal-line number belongs to, judged by the contacts it shares with the
numbers already in the register (only records the viewer may see are compared)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linewatch.core.network import ContinuityProposal, propose_same_line
from linewatch.web.access import filter_visible
from linewatch.web.events.models import Event, EventPhone
from linewatch.web.lines.models import CountyLine, DealLineNumber
from linewatch.web.pole.models import Phone

__all__ = ["LineProposal", "contact_sets", "proposals_for_number"]

CONTACT_KINDS = ("handset_contact",)


@dataclass(frozen=True)
class LineProposal:
    line: CountyLine
    proposal: ContinuityProposal


def contact_sets(user: Any, phone_ids: set[int]) -> dict[int, set[str]]:
    """For each phone, the other visible phones in visible handset-contact records with it."""
    events = filter_visible(user, Event.objects.filter(kind__in=CONTACT_KINDS)).filter(
        phone_links__phone_id__in=phone_ids
    )
    pairs = list(
        EventPhone.objects.filter(event_id__in=events.values("pk")).values_list(
            "event_id", "phone_id"
        )
    )
    visible = set(
        filter_visible(user, Phone.objects.filter(pk__in={p for _, p in pairs})).values_list(
            "pk", flat=True
        )
    )
    by_event: dict[int, set[int]] = {}
    for event_id, phone_id in pairs:
        if phone_id in visible:
            by_event.setdefault(event_id, set()).add(phone_id)
    contacts: dict[int, set[str]] = {pk: set() for pk in phone_ids}
    for phones in by_event.values():
        for pk in phones & phone_ids:
            contacts[pk] |= {f"phone:{other}" for other in phones if other != pk}
    return contacts


def proposals_for_number(
    user: Any, phone: Phone, *, exclude_line: int | None = None
) -> list[LineProposal]:
    """Visible lines whose numbers share enough contacts with ``phone``, best first."""
    lines = filter_visible(user, CountyLine.objects.all())
    if exclude_line is not None:
        lines = lines.exclude(pk=exclude_line)
    numbers = list(
        DealLineNumber.objects.filter(line__in=lines)
        .exclude(phone_id=phone.pk)
        .values_list("line_id", "phone_id")
    )
    contacts = contact_sets(user, {phone.pk} | {p for _, p in numbers})
    per_line: dict[str, set[str]] = {}
    for line_id, phone_id in numbers:
        per_line.setdefault(f"line:{line_id}", set()).update(contacts.get(phone_id, set()))
    found = propose_same_line(contacts[phone.pk], per_line)
    by_id = {f"line:{line.pk}": line for line in lines.filter(pk__in=[n for n, _ in numbers])}
    return [LineProposal(by_id[p.line], p) for p in found if p.line in by_id]
