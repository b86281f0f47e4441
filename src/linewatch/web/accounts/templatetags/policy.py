"""Template filters asking the access policy about a related record shown on another's page."""

from __future__ import annotations

from typing import Any

from django import template

from linewatch.core.access import Decision
from linewatch.web.access import decide_for

register = template.Library()


@register.filter
def visible_to(record: Any, user: Any) -> bool:
    """``{% if event.location|visible_to:request.user %}``: may the user see it in full?"""
    if record is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return decide_for(user, record) is Decision.VISIBLE
