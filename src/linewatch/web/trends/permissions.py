"""Who may use the trends pages and which report versions they may produce."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from linewatch.core.access import POLICE_ROLES, Role


def require_counts_access(user: Any) -> None:
    """Counts, charts and maps are open to every role but the administrator."""
    if user.viewer().role is Role.ADMINISTRATOR:
        raise PermissionDenied("Administrators manage accounts and see no partnership data.")


def is_police(user: Any) -> bool:
    viewer = user.viewer()
    return viewer.role in POLICE_ROLES and viewer.agency_kind == "police"
