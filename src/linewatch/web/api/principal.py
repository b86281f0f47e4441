"""An API client as the rest of Linewatch sees a signed-in user.

:mod:`linewatch.web.access` asks ``is_authenticated`` and ``viewer()``; the audit trail reads
``username``, ``agency`` and ``role``. ``pk`` is ``None`` so nothing records the client as a
user account (``created_by``, ``AuditEvent.user`` stay empty; the name is kept instead).
"""

from __future__ import annotations

from dataclasses import dataclass

from linewatch.core.access import Role, Viewer
from linewatch.web.accounts.models import Agency
from linewatch.web.api.models import ApiClient

SUBMITTING_ROLES = frozenset(Role) - {Role.AUDITOR, Role.ADMINISTRATOR}


@dataclass(frozen=True)
class ApiPrincipal:
    client: ApiClient

    is_authenticated = True
    is_anonymous = False
    pk = None
    id = None

    @property
    def username(self) -> str:
        return f"api:{self.client.name}"

    @property
    def name(self) -> str:
        return self.client.name

    @property
    def agency(self) -> Agency:
        return self.client.agency

    @property
    def agency_id(self) -> int:
        return self.client.agency_id

    @property
    def role(self) -> str:
        return self.client.role

    @property
    def may_submit(self) -> bool:
        return Role(self.client.role) in SUBMITTING_ROLES

    def viewer(self) -> Viewer:
        agency = self.client.agency
        return Viewer(
            agency_code=agency.code,
            agency_kind=agency.kind,
            role=Role(self.client.role),
            areas=frozenset(agency.areas or ()),
        )
