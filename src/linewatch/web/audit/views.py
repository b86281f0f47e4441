"""The auditor's page: every audit event touching a record, and whether the chain is intact."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.core.access import Role
from linewatch.web.audit.lookup import events_touching, parse_reference
from linewatch.web.audit.models import AuditChainHead, AuditEvent
from linewatch.web.audit.trail import record as audit
from linewatch.web.audit.trail import verify_chain

AUDIT_ROLES = frozenset({Role.AUDITOR})
PAGE_SIZE = 50


def may_audit(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or getattr(user, "role", "") in AUDIT_ROLES


def _chain_status(request: HttpRequest) -> dict[str, Any]:
    """Verify the chain when it is small enough to walk on every page, or when asked."""
    head = AuditChainHead.objects.filter(id=1).first()
    length = head.length if head else 0
    limit = int(getattr(settings, "LINEWATCH_AUDIT_VERIFY_ON_PAGE_MAX", 200_000))
    if length > limit and request.GET.get("verify") != "1":
        return {"checked": None, "length": length}
    report = verify_chain()
    return {"checked": report.checked, "intact": report.intact, "problems": report.problems[:20]}


def trail(request: HttpRequest) -> HttpResponse:
    """``/audit/?record=person:12[&user=USERNAME]``: who touched the record, when and why."""
    if not may_audit(request.user):
        raise PermissionDenied("The audit trail is for auditors (information governance).")
    text = request.GET.get("record", "").strip()[:100]
    username = request.GET.get("user", "").strip()[:150]
    ref = parse_reference(text) if text else None
    error = ""
    page = None
    if text and ref is None:
        error = "Enter a record reference such as person:12 (the kind of record, a colon, its id)"
    elif ref is not None:
        found = events_touching(ref, username)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        audit(
            "consultation",
            "audit_trail",
            [ref.reference],
            f"Looked up the audit trail of {ref.reference}"
            + (f" for user {username}" if username else "")
            + f": {len(found)} events",
            request=request,
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            "record_text": text,
            "username": username,
            "ref": ref,
            "error": error,
            "page_obj": page,
            "querystring": params.urlencode(),
            "chain": _chain_status(request),
            "object_types": sorted(
                AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
            ),
        },
    )
