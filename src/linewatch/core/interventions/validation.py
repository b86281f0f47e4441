"""The rules every intervention must pass before it is recorded, each naming its field.

Refused, with a message naming the field:

* no target (a line, a person or an address);
* an end or follow-up date before the start date; a date far in the future;
* a closure notice or order without an address; a closure notice served on a different day
  from its start date, or lasting more than 48 hours (s77);
* a closure order without a closure notice on the same address, an order made before its
  notice was served, or one heard later than 48 hours after service (s80(3)) unless the
  hearing was adjourned (s81, up to 14 days); an order longer than 3 months (s80(5));
* an extension taking an order past 6 months in all (s82);
* an adult NRM referral without consent (MSA 2015 s52: use Duty to notify instead).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from linewatch.core.interventions.closure import (
    NOTICE_MAX_HOURS,
    ORDER_MAX_MONTHS,
    ORDER_TOTAL_MAX_MONTHS,
    add_months,
    hours_disregarding_christmas,
)
from linewatch.core.interventions.errors import InterventionError

__all__ = [
    "ADJOURNMENT_MAX_DAYS",
    "InterventionDraft",
    "PriorIntervention",
    "find_notice_for_order",
    "validate_intervention",
]

ADJOURNMENT_MAX_DAYS = 14  # s81(3): a hearing may be adjourned for up to 14 days
FUTURE_LIMIT = timedelta(days=366 * 2)


@dataclass(frozen=True)
class PriorIntervention:
    """An intervention already recorded, as the rules need to see it."""

    id: int
    kind: str
    started_on: date
    person_id: int | None = None
    location_id: int | None = None
    line_id: int | None = None
    ends_on: date | None = None
    served_at: datetime | None = None
    follows_id: int | None = None  # an order's notice; an extension's order


@dataclass(frozen=True)
class InterventionDraft:
    """What the user entered."""

    kind: str
    started_on: date | None
    line_id: int | None = None
    person_id: int | None = None
    location_id: int | None = None
    ends_on: date | None = None
    follow_up_on: date | None = None
    served_at: datetime | None = None
    notice_hours: int | None = None
    hearing_at: datetime | None = None
    adjourned: bool = False
    notice_id: int | None = None
    extends_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def validate_intervention(
    draft: InterventionDraft, prior: Iterable[PriorIntervention] = (), *, today: date
) -> None:
    """Raise :class:`InterventionError` with every problem of ``draft``, or return ``None``."""
    problems: list[tuple[str, str]] = []
    earlier = list(prior)
    if not (draft.line_id or draft.person_id or draft.location_id):
        problems.append(
            ("line", "Choose what the intervention is against: a line, person or address")
        )
    start = draft.started_on
    if start is None:
        problems.append(("started_on", "Enter the date the intervention started"))
    else:
        if start > today + FUTURE_LIMIT:
            problems.append(("started_on", f"The start date {_d(start)} is too far in the future"))
        if draft.ends_on is not None and draft.ends_on < start:
            problems.append(
                (
                    "ends_on",
                    f"The end date ({_d(draft.ends_on)}) must be on or after the start date "
                    f"({_d(start)})",
                )
            )
        if draft.follow_up_on is not None and draft.follow_up_on < start:
            problems.append(
                (
                    "follow_up_on",
                    f"The follow-up date ({_d(draft.follow_up_on)}) must be on or after the "
                    f"start date ({_d(start)})",
                )
            )
    if draft.kind in ("closure_notice", "closure_order") and not draft.location_id:
        problems.append(
            ("location", "A closure notice or order must name the premises (an address)")
        )
    if draft.kind == "closure_notice":
        problems += _notice_problems(draft)
    elif draft.kind == "closure_order":
        problems += _order_problems(draft, earlier)
    elif (
        draft.kind == "nrm_referral"
        and not draft.details.get("child")
        and not draft.details.get("consent")
    ):
        problems.append(
            (
                "consent",
                "An adult's NRM referral needs their consent; without it, record a Duty to "
                "notify (MS1) instead",
            )
        )
    if problems:
        raise InterventionError(problems)


def _notice_problems(draft: InterventionDraft) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if draft.served_at is None:
        problems.append(("served_at", "Enter the date and time the closure notice was served"))
    elif draft.started_on is not None and draft.served_at.date() != draft.started_on:
        problems.append(
            (
                "served_at",
                f"The notice was served on {_d(draft.served_at.date())} but starts on "
                f"{_d(draft.started_on)}; they must be the same day",
            )
        )
    hours = draft.notice_hours
    if hours is None or not 1 <= hours <= NOTICE_MAX_HOURS:
        problems.append(
            (
                "notice_hours",
                f"A closure notice lasts between 1 and {NOTICE_MAX_HOURS} hours (s77); enter 24, "
                "or up to 48 if a superintendent or the council's chief executive authorised it",
            )
        )
    if draft.hearing_at is not None and draft.served_at is not None:
        problems += _hearing_problems(draft.served_at, draft.hearing_at, draft.adjourned)
    return problems


def _hearing_problems(
    served_at: datetime, hearing_at: datetime, adjourned: bool
) -> list[tuple[str, str]]:
    if hearing_at < served_at:
        return [("hearing_at", "The hearing cannot be before the notice was served")]
    latest = hours_disregarding_christmas(served_at, 48)
    if adjourned:
        latest += timedelta(days=ADJOURNMENT_MAX_DAYS)
    if hearing_at > latest:
        if adjourned:
            why = (
                f"an adjourned hearing must be within {ADJOURNMENT_MAX_DAYS} days of the "
                "48-hour deadline (s81)"
            )
        else:
            why = (
                "the application must be heard within 48 hours of service, Christmas Day "
                "disregarded (s80(3)-(4)); tick 'adjourned' if the court adjourned it"
            )
        return [("hearing_at", f"The hearing is after {latest:%d/%m/%Y %H:%M}: {why}")]
    return []


def find_notice_for_order(
    draft: InterventionDraft, prior: Iterable[PriorIntervention]
) -> PriorIntervention | None:
    """The closure notice an order follows: the one named, else the latest on the premises."""
    notices = [
        p for p in prior if p.kind == "closure_notice" and p.location_id == draft.location_id
    ]
    if draft.notice_id is not None:
        return next((p for p in notices if p.id == draft.notice_id), None)
    if draft.started_on is not None:
        notices = [p for p in notices if p.started_on <= draft.started_on]
    return max(notices, key=lambda p: (p.started_on, p.id), default=None)


def _order_problems(
    draft: InterventionDraft, prior: list[PriorIntervention]
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if draft.extends_id is not None:
        return _extension_problems(draft, prior)
    notice = find_notice_for_order(draft, prior) if draft.location_id else None
    if notice is None:
        if draft.location_id:
            problems.append(
                (
                    "notice",
                    "A closure order needs a closure notice served on the same premises first "
                    "(s80): record the notice, then the order",
                )
            )
        return problems
    start = draft.started_on
    if start is not None and start < notice.started_on:
        problems.append(
            (
                "started_on",
                f"The order ({_d(start)}) cannot be made before its closure notice was served "
                f"({_d(notice.started_on)})",
            )
        )
    if draft.hearing_at is not None and notice.served_at is not None:
        problems += _hearing_problems(notice.served_at, draft.hearing_at, draft.adjourned)
    if start is not None and draft.ends_on is not None:
        longest = add_months(start, ORDER_MAX_MONTHS)
        if draft.ends_on > longest:
            problems.append(
                (
                    "ends_on",
                    f"A closure order lasts at most {ORDER_MAX_MONTHS} months (s80(5)): it must "
                    f"end by {_d(longest)}; apply for an extension for longer",
                )
            )
    elif start is not None:
        problems.append(
            (
                "ends_on",
                "Enter the date the closure order ends (at most 3 months after it was made)",
            )
        )
    return problems


def _extension_problems(
    draft: InterventionDraft, prior: list[PriorIntervention]
) -> list[tuple[str, str]]:
    order = next((p for p in prior if p.id == draft.extends_id and p.kind == "closure_order"), None)
    if order is None:
        return [
            (
                "extends",
                "The order to extend was not found; choose a closure order on these premises",
            )
        ]
    problems: list[tuple[str, str]] = []
    first = _first_order(order, prior)
    limit = add_months(first.started_on, ORDER_TOTAL_MAX_MONTHS)
    if draft.ends_on is None:
        problems.append(("ends_on", "Enter the new end date of the extended order"))
    elif draft.ends_on > limit:
        problems.append(
            (
                "ends_on",
                f"With extensions a closure order lasts at most {ORDER_TOTAL_MAX_MONTHS} months "
                f"in all (s82): the latest end is {_d(limit)}",
            )
        )
    if (
        order.ends_on is not None
        and draft.started_on is not None
        and draft.started_on > order.ends_on
    ):
        problems.append(
            (
                "started_on",
                f"An extension must be granted before the order ends ({_d(order.ends_on)})",
            )
        )
    return problems


def _first_order(order: PriorIntervention, prior: list[PriorIntervention]) -> PriorIntervention:
    """Follow a chain of extensions back to the order first made."""
    by_id = {p.id: p for p in prior}
    seen = {order.id}
    while order.follows_id is not None and order.follows_id in by_id:
        parent = by_id[order.follows_id]
        if parent.kind != "closure_order" or parent.id in seen:
            break
        seen.add(parent.id)
        order = parent
    return order
