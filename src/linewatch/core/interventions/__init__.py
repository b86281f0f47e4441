"""Interventions: statutory timelines, validation rules, line status moves, the re-emergence
watch and the outcome analysis behind the best-practice guide. Pure Python, no Django."""

from linewatch.core.interventions.bail import (
    BailConditions,
    CustodyRecord,
    area_kind_of,
    parse_exclusion_polygon,
    validate_bail,
)
from linewatch.core.interventions.closure import (
    Deadline,
    add_months,
    closure_notice_deadlines,
    closure_order_deadlines,
    hours_disregarding_christmas,
)
from linewatch.core.interventions.errors import InterventionError
from linewatch.core.interventions.outcomes import (
    MIN_LINES,
    TACTIC_LABELS,
    Curve,
    GroupOutcome,
    LineOutcome,
    analyse,
    kaplan_meier,
    tactic_of,
)
from linewatch.core.interventions.status import StatusMove, status_move_for
from linewatch.core.interventions.validation import (
    InterventionDraft,
    PriorIntervention,
    find_notice_for_order,
    validate_intervention,
)
from linewatch.core.interventions.watch import (
    DEFAULT_WATCH_DAYS,
    ActivityEvent,
    Touch,
    Watch,
    touched_by_new_activity,
    watch_after,
)

__all__ = [
    "DEFAULT_WATCH_DAYS",
    "MIN_LINES",
    "TACTIC_LABELS",
    "ActivityEvent",
    "BailConditions",
    "Curve",
    "CustodyRecord",
    "Deadline",
    "GroupOutcome",
    "InterventionDraft",
    "InterventionError",
    "LineOutcome",
    "PriorIntervention",
    "StatusMove",
    "Touch",
    "Watch",
    "add_months",
    "analyse",
    "area_kind_of",
    "closure_notice_deadlines",
    "closure_order_deadlines",
    "find_notice_for_order",
    "hours_disregarding_christmas",
    "kaplan_meier",
    "parse_exclusion_polygon",
    "status_move_for",
    "tactic_of",
    "touched_by_new_activity",
    "validate_bail",
    "validate_intervention",
    "watch_after",
]
