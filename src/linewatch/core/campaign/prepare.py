"""Preparing a campaign: which numbers on a contact list may be sent a message, and why the
others may not.

Each row is removed for the first reason that applies, in this order (so every row is counted
once and ``eligible + sum(removed) == input_rows``):

``invalid``            not a phone number (the row is listed in ``rejected_rows``)
``duplicate``          the same number (in E.164) as an earlier row; the first is kept
``excluded``           on one of the ``--exclude`` lists (matched in E.164, any format)
``opted_out``          replied STOP to an earlier campaign
``known_child``        linked to a person recorded as under 18
``police_or_partner``  a partner agency's own number
``do_not_contact``     on the partnership's do-not-contact list
``not_mobile``         a valid number that cannot take an SMS (a landline)

The four checks that need the partnership's records (``opted_out`` to ``do_not_contact``) come
from a :class:`Screening` the caller supplies; without one they count 0 and the result says
the database checks were skipped. Nothing here sends anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linewatch.core.campaign.contacts import ContactList
from linewatch.core.campaign.numbers import check_number

__all__ = [
    "DATABASE_REASONS",
    "REASONS",
    "Eligible",
    "Preparation",
    "Removed",
    "Screening",
    "prepare",
]

REASONS = (
    "invalid",
    "duplicate",
    "excluded",
    "opted_out",
    "known_child",
    "police_or_partner",
    "do_not_contact",
    "not_mobile",
)
DATABASE_REASONS = ("opted_out", "known_child", "police_or_partner", "do_not_contact")
#: Given every distinct valid number, the numbers that each database check removes.
Screening = Callable[[frozenset[str]], Mapping[str, Iterable[str]]]


@dataclass(frozen=True)
class Eligible:
    row: int
    e164: str
    columns: dict[str, str]


@dataclass(frozen=True)
class Removed:
    row: int
    e164: str
    reason: str


@dataclass
class Preparation:
    """What :func:`prepare` found; :meth:`as_json` is the ``campaign prepare --json`` shape."""

    input_rows: int
    eligible: list[Eligible] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))
    removed_rows: list[Removed] = field(default_factory=list)
    rejected_rows: list[dict[str, Any]] = field(default_factory=list)
    database_checks: bool = False
    database_note: str = ""
    exclusion_files: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "input_rows": self.input_rows,
            "eligible": len(self.eligible),
            "removed": dict(self.removed),
            "rejected_rows": list(self.rejected_rows),
            "database_checks": self.database_checks,
        }
        if self.database_note:
            result["database_note"] = self.database_note
        if self.exclusion_files:
            result["exclusion_files"] = list(self.exclusion_files)
        return result

    def summary_lines(self) -> list[str]:
        """The readable summary printed without ``--json``."""
        lines = [
            f"{self.input_rows:,} rows read; {len(self.eligible):,} numbers eligible "
            "(nothing was sent).",
            "Removed:",
        ]
        width = max(len(reason) for reason in REASONS)
        for reason in REASONS:
            lines.append(f"  {reason.replace('_', ' '):<{width}}  {self.removed[reason]:,}")
        for rejected in self.rejected_rows[:20]:
            lines.append(f"  row {rejected['row']}: {rejected['reason']}")
        if len(self.rejected_rows) > 20:
            lines.append(f"  … and {len(self.rejected_rows) - 20:,} more rejected rows")
        if not self.database_checks:
            lines.append(
                "Database checks skipped (opt-outs, known children, partner numbers, "
                f"do-not-contact): {self.database_note or 'no database'}."
            )
        if not self.eligible:
            lines.append("Nothing to send: every number was removed.")
        return lines


def exclusion_numbers(lists: Sequence[ContactList]) -> tuple[set[str], list[dict[str, Any]]]:
    """Every valid number on the exclusion lists, and per file what was read from it."""
    numbers: set[str] = set()
    described = []
    for exclusion in lists:
        rejected = []
        found = 0
        for row in exclusion.rows:
            checked = check_number(row.phone)
            if checked.valid:
                numbers.add(checked.e164)
                found += 1
            else:
                rejected.append({"row": row.row, "field": "phone", "reason": checked.problem})
        described.append(
            {
                "file": exclusion.name,
                "rows": len(exclusion.rows),
                "numbers": found,
                "rejected_rows": rejected,
            }
        )
    return numbers, described


def prepare(
    contacts: ContactList,
    exclusions: Sequence[ContactList] = (),
    screening: Screening | None = None,
    *,
    database_note: str = "",
) -> Preparation:
    """Sort every row of ``contacts`` into eligible or removed (see the module docstring)."""
    result = Preparation(input_rows=len(contacts.rows), database_note=database_note)
    excluded, result.exclusion_files = exclusion_numbers(exclusions)
    seen: set[str] = set()
    candidates: list[tuple[int, str, bool, dict[str, str]]] = []
    removed = result.removed
    for row in contacts.rows:
        checked = check_number(row.phone)
        if not checked.valid:
            removed["invalid"] += 1
            result.rejected_rows.append(
                {"row": row.row, "field": "phone", "reason": checked.problem}
            )
            continue
        if checked.e164 in seen:
            removed["duplicate"] += 1
            result.removed_rows.append(Removed(row.row, checked.e164, "duplicate"))
            continue
        seen.add(checked.e164)
        candidates.append((row.row, checked.e164, checked.mobile, row.columns))
    screened: dict[str, str] = {}
    if screening is not None:
        found = screening(frozenset(seen - excluded))
        for check in reversed(DATABASE_REASONS):  # the first reason in the order wins
            for number in found.get(check, ()):
                screened[number] = check
        result.database_checks = True
        result.database_note = ""
    for row_number, e164, mobile, columns in candidates:
        reason = "excluded" if e164 in excluded else screened.get(e164)
        if reason is None and not mobile:
            reason = "not_mobile"
        if reason is None:
            result.eligible.append(Eligible(row_number, e164, columns))
        else:
            removed[reason] += 1
            result.removed_rows.append(Removed(row_number, e164, reason))
    return result
