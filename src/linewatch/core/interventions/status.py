"""How an intervention moves its county line's status (DESIGN.md: the line lifecycle).

* arrest or charge of the line's **holder or controller**, a warrant or closure notice/order at
  one of its addresses, a handset seizure of its deal line → **disrupted**;
* a charge of the line holder closes the line, **Type 1**; a deal-line number deactivated
  (recorded on the intervention as a Type 2 closure) closes it, **Type 2**; any intervention
  the officer marks as closing the line (Type 1 or 2) → **closed**.

Only moves the lifecycle allows are proposed (a suspected line cannot be "disrupted"; a closed
line changes only by re-emerging, which is the re-emergence watch's business).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LEADING_ROLES", "StatusMove", "status_move_for"]

LEADING_ROLES = frozenset({"holder", "controller"})
ADDRESS_KINDS = frozenset({"warrant", "closure_notice", "closure_order"})
DISRUPTING_STATUSES = frozenset({"active", "re_emerged"})
CLOSABLE_STATUSES = frozenset({"suspected", "active", "disrupted", "re_emerged"})
CLOSURE_LABELS = {"1": "Type 1, line holder charged", "2": "Type 2, number deactivated"}


@dataclass(frozen=True)
class StatusMove:
    """A status change to make, with its closure type and the reason written to the history."""

    new_status: str
    closure_type: str
    reason: str


def status_move_for(
    kind: str,
    *,
    kind_label: str,
    line_status: str,
    person_role: str | None = None,
    at_line_address: bool = False,
    closes_line: str = "",
) -> StatusMove | None:
    """The move an intervention makes on its line, or ``None``.

    >>> move = status_move_for(
    ...     "charge", kind_label="Charge", line_status="active", person_role="holder"
    ... )
    >>> move.new_status, move.closure_type, move.reason
    ('closed', '1', 'Charge of the line holder (Type 1 closure)')
    >>> status_move_for("closure_notice", kind_label="Closure notice", line_status="active",
    ...                 at_line_address=True).new_status
    'disrupted'
    """
    role = person_role or ""
    closure = closes_line
    if not closure and kind == "charge" and role == "holder":
        closure = "1"
    if closure in CLOSURE_LABELS:
        if line_status not in CLOSABLE_STATUSES:
            return None
        who = " of the line holder" if role == "holder" else ""
        return StatusMove("closed", closure, f"{kind_label}{who} (Type {closure} closure)")
    disrupts = (
        (kind in ("arrest", "charge") and role in LEADING_ROLES)
        or (kind in ADDRESS_KINDS and at_line_address)
        or kind == "handset_seizure"
    )
    if disrupts and line_status in DISRUPTING_STATUSES:
        target = {"holder": " of the line holder", "controller": " of the controller"}.get(role, "")
        where = " at one of its addresses" if kind in ADDRESS_KINDS else ""
        return StatusMove("disrupted", "", f"{kind_label}{target}{where}")
    return None
