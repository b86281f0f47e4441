"""Analysts' decisions on pairs: confirm, reject, un-link; each checked, kept and audited.

Two analysts may open the same pair. Each decision carries the version of the pair its
analyst saw; if someone else decided in between, :class:`DecisionConflict` says who decided
what, and nothing is overwritten.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from linewatch.core.access import Role
from linewatch.web.audit.trail import record as audit
from linewatch.web.linking.entities import members_of_entities_of, regroup
from linewatch.web.linking.models import LinkDecision, PersonLink

# Current outcome -> the decisions that can be taken on it.
CHOICES = {
    "review": ("confirmed", "rejected"),
    "auto": ("unlinked",),
    "confirmed": ("unlinked",),
    "rejected": ("confirmed",),
    "unlinked": ("confirmed",),
}
VERBS = {
    "confirmed": "Confirmed as the same person",
    "rejected": "Rejected as different people",
    "unlinked": "Un-linked",
}


def can_review(user: Any) -> bool:
    """Police intelligence analysts at a force resolve the partnership's person records."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.agency
        and user.agency.kind == "police"
        and user.role == Role.POLICE_ANALYST
    )


class DecisionConflict(Exception):
    """Someone decided on the pair after this analyst opened it."""

    def __init__(self, link: PersonLink) -> None:
        by = link.decided_by
        who = (by.get_full_name() or by.username) if by is not None else "Another analyst"
        at = link.decided_at
        when = timezone.localtime(at).strftime("%d %b %Y %H:%M") if at is not None else ""
        super().__init__(
            f"{who} changed this pair to “{link.outcome_label}”{' at ' + when if when else ''} "
            "while you had it open, so your decision was not saved. Read the pair again and "
            "decide again if you still disagree."
        )
        self.link = link


class DecisionNotAllowed(Exception):
    """The decision does not apply to the pair as it stands."""


def decide(
    user: Any,
    link_pk: int,
    decision: str,
    reason: str,
    seen_version: int,
    *,
    request: Any = None,
) -> PersonLink:
    """Apply one decision atomically, regroup the two records' entities, audit it."""
    with transaction.atomic():
        link = PersonLink.objects.select_for_update().get(pk=link_pk)
        if link.version != seen_version:
            raise DecisionConflict(link)
        if decision not in CHOICES.get(link.outcome, ()):
            raise DecisionNotAllowed(
                f"A pair that is “{link.outcome_label}” cannot be {decision}; choose one of "
                + ", ".join(CHOICES.get(link.outcome, ()))
            )
        now = timezone.now()
        LinkDecision.objects.create(
            link=link,
            outcome_before=link.outcome,
            outcome_after=decision,
            probability=link.probability,
            decided_by=user,
            decided_at=now,
            reason=reason,
        )
        link.outcome = decision
        link.decided_by = user
        link.decided_at = now
        link.reason = reason
        link.version += 1
        link.save(update_fields=["outcome", "decided_by", "decided_at", "reason", "version"])
        regroup(members_of_entities_of([link.left_id, link.right_id]))
        audit(
            "combination",
            "person",
            [link.left_id, link.right_id],
            f"{VERBS[decision]}: person records {link.left_id} and {link.right_id} "
            f"(pair {link.pk}, match probability {link.probability:.2f})",
            request=request,
            user=user,
            justification=reason,
        )
    return link
