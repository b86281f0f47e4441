"""Optimistic locking for grading: two analysts open the same report; the second to save is
told what changed and keeps what they wrote.

The version is a fingerprint of everything grading changes (the report's text, grades,
handling and status, and when it was last graded), so no column is needed: the form carries
the fingerprint it was opened with, and the save compares it, under a row lock, with the
fingerprint of the row as it is now.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from linewatch.web.events.models import Event


def grading_version(event: Event) -> str:
    report: Any = event.report
    state = [
        report.text,
        report.source_evaluation,
        report.intelligence_assessment,
        report.handling_conditions,
        report.status,
        report.graded_at.isoformat() if report.graded_at else "",
        report.graded_by_id,
        event.handling_code,
    ]
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()[:32]


def locked_for_grading(pk: int) -> Event:
    """The event and its report as they are now; the event's row is locked until the
    transaction ends (every grading takes that lock first, so saves are serialised; only the
    event's own row, since PostgreSQL cannot lock the nullable side of the report join)."""
    return Event.objects.select_for_update(of=("self",)).select_related("report").get(pk=pk)


def conflict_message(event: Event) -> str:
    report: Any = event.report
    who = report.graded_by.get_full_name() if report.graded_by else "Another analyst"
    when = f" at {report.graded_at:%H:%M}" if report.graded_at else ""
    return (
        f"{who} changed this report{when} while you were grading it. Their grading is shown "
        "below the form; your answers are kept here. Check them and save again to replace theirs."
    )
