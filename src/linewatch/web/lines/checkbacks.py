"""Check-backs after a Type 1 closure: is the line's number still out of use?

The national coordination centre counts a Type 1 closure (line holder charged) only while the
number stays out of use, so closing a line Type 1 schedules checks at fixed intervals after
the closure. The intervals are the partnership's choice, kept here in one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from linewatch.web.audit.trail import record as audit
from linewatch.web.lines.models import CHECKBACK_RESULTS, CheckBack, CountyLine, LineStatusChange

__all__ = ["CHECKBACK_INTERVAL_DAYS", "CheckBackError", "record_result", "schedule_for_change"]

CHECKBACK_INTERVAL_DAYS = (7, 28, 90)
RESULT_LABELS = dict(CHECKBACK_RESULTS)


class CheckBackError(ValueError):
    """A check-back result that cannot be recorded (unknown result, already done, bad date)."""


def _user_or_none(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def schedule_for_change(line: CountyLine, change: LineStatusChange, user: Any) -> list[CheckBack]:
    """Schedule the check-backs a Type 1 closure needs (nothing for any other change)."""
    if change.to_status != "closed" or line.closure_type != "1":
        return []
    closed_on = change.changed_at.date()
    return [
        CheckBack.objects.create(
            line=line,
            status_change=change,
            due_on=closed_on + dt.timedelta(days=days),
            scheduled_by=_user_or_none(user),
        )
        for days in CHECKBACK_INTERVAL_DAYS
    ]


def record_result(
    checkback: CheckBack,
    *,
    result: str,
    done_on: dt.date,
    user: Any,
    notes: str = "",
    request: HttpRequest | None = None,
) -> CheckBack:
    """Record what a check-back found, once; audited as an alteration of the line."""
    if result not in RESULT_LABELS:
        raise CheckBackError(
            f"check-back result {result!r} is not one of {', '.join(RESULT_LABELS)}"
        )
    with transaction.atomic():
        current = CheckBack.objects.select_for_update().get(pk=checkback.pk)
        if current.done_on is not None:
            raise CheckBackError(
                f"the check-back due {current.due_on:%d %B %Y} was already recorded on "
                f"{current.done_on:%d %B %Y}"
            )
        current.done_on = done_on
        current.result = result
        current.notes = notes.strip()[:300]
        current.done_by = _user_or_none(user)
        current.save(update_fields=["done_on", "result", "notes", "done_by"])
        audit(
            "alteration",
            "county_line",
            [current.line_id],
            f"Check-back on county line {current.line_id} due {current.due_on}: "
            f"{RESULT_LABELS[result]}",
            request=request,
            user=user if request is None else None,
        )
    return current
