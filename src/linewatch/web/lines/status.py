"""Moving a county line through its status lifecycle, with who, when and why.

Every status change in Linewatch goes through :func:`change_status` (the register's form, and
interventions when a disruption moves a line): it checks the lifecycle, writes the line's
history, updates the line and appends an ``alteration`` event to the audit trail, all in one
transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from linewatch.web.audit.trail import record as audit
from linewatch.web.lines.models import (
    ALLOWED_TRANSITIONS,
    CLOSURE_TYPES,
    LINE_STATUS_LABELS,
    CountyLine,
    LineStatusChange,
)

__all__ = ["StatusChangeError", "allowed_next", "change_status"]

CLOSURE_TYPE_LABELS = dict(CLOSURE_TYPES)


class StatusChangeError(ValueError):
    """A status change the lifecycle does not allow, or one missing its reason or closure type."""


def _label(status: str) -> str:
    return LINE_STATUS_LABELS.get(status, repr(status))


def allowed_next(status: str) -> list[str]:
    """The statuses a line in ``status`` may move to, in lifecycle order."""
    order = list(LINE_STATUS_LABELS)
    return sorted(ALLOWED_TRANSITIONS.get(status, set()), key=order.index)


def _check(from_status: str, new_status: str, reason: str, closure_type: str) -> None:
    if new_status not in LINE_STATUS_LABELS:
        raise StatusChangeError(
            f"{new_status!r} is not a line status; expected one of {', '.join(LINE_STATUS_LABELS)}"
        )
    if new_status not in ALLOWED_TRANSITIONS.get(from_status, set()):
        allowed = ", ".join(_label(s) for s in allowed_next(from_status)) or "nothing"
        raise StatusChangeError(
            f"a line cannot move from {_label(from_status)} to {_label(new_status)}; "
            f"from {_label(from_status)} it may move to {allowed}"
        )
    if not reason.strip():
        raise StatusChangeError(
            f"say why the line moves from {_label(from_status)} to {_label(new_status)}"
        )
    if new_status == "closed" and closure_type not in CLOSURE_TYPE_LABELS:
        raise StatusChangeError(
            f"a closure must be typed: closure type {closure_type!r} is not "
            "'1' (Type 1, line holder charged) or '2' (Type 2, number deactivated)"
        )
    if new_status != "closed" and closure_type:
        raise StatusChangeError(
            f"only a closure has a closure type; the line moves to {_label(new_status)}"
        )


def change_status(
    line: CountyLine,
    new_status: str,
    *,
    user: Any,
    reason: str,
    request: HttpRequest | None = None,
    closure_type: str = "",
    at: dt.datetime | None = None,
) -> LineStatusChange:
    """Move ``line`` to ``new_status`` and record who did it and why.

    ``closure_type`` ('1' or '2') is required when closing and refused otherwise. ``at``
    defaults to now. Raises :class:`StatusChangeError` (a ``ValueError``) naming the from and
    to statuses when the lifecycle does not allow the move. Permission to edit the register
    is the caller's to check (see :func:`linewatch.web.lines.permissions.can_edit_register`).

    On closing with Type 1 the register schedules its check-backs (see ``checkbacks``).
    """
    when = at or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        current = CountyLine.objects.select_for_update().get(pk=line.pk)
        _check(current.status, new_status, reason, closure_type)
        change = LineStatusChange.objects.create(
            line=current,
            from_status=current.status,
            to_status=new_status,
            changed_at=when,
            changed_by=user if getattr(user, "is_authenticated", False) else None,
            reason=reason[:300],
            closure_type=closure_type,
        )
        update = ["status", "modified_at", "modified_by"]
        current.status = new_status
        if new_status == "closed":
            current.closure_type = closure_type
            update.append("closure_type")
        elif new_status in ("active", "re_emerged") and current.closure_type:
            current.closure_type = ""
            update.append("closure_type")
        if getattr(user, "is_authenticated", False):
            current.modified_by = user
        current.save(update_fields=update)
        _after_change(current, change, user)
        typed = f" ({CLOSURE_TYPE_LABELS[closure_type]})" if closure_type else ""
        audit(
            "alteration",
            "county_line",
            [current.pk],
            f"County line {current.pk} moved from {_label(change.from_status)} to "
            f"{_label(new_status)}{typed}",
            request=request,
            user=user if request is None else None,
            justification=reason,
        )
    line.status = current.status
    line.closure_type = current.closure_type
    return change


def _after_change(line: CountyLine, change: LineStatusChange, user: Any) -> None:
    """Follow-ups a change sets off (Type 1 closures schedule their check-backs)."""
    from linewatch.web.lines import checkbacks

    checkbacks.schedule_for_change(line, change, user)
