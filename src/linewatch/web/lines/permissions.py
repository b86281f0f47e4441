"""Who may change the county lines register: police roles in a police agency."""

from __future__ import annotations

from typing import Any

from linewatch.core.access import POLICE_ROLES, Role

__all__ = ["can_edit_register"]


def can_edit_register(user: Any) -> bool:
    """Police analysts, officers and neighbourhood commanders of a police agency.

    Partners read the register (as the policy allows) and send intelligence; the police keep it.
    """
    if user is None or not getattr(user, "is_authenticated", False) or user.agency is None:
        return False
    return bool(user.agency.kind == "police" and Role(user.role) in POLICE_ROLES)
