"""The access policy: one place that decides what a user may see of a record.

Every read path in Linewatch (lists, detail pages, search, exports, reports, the API) asks
this module. It knows nothing of Django: the web layer describes the viewer and the record
with the two small dataclasses below and gets back a :class:`Decision`.

*Redacted* means a stub: the viewer learns that a record exists, which agency holds it and
whom to ask, and nothing of its content. *Hidden* means the viewer is not told it exists.

The rules are written out in ``docs/access-policy.md``; the tests walk the whole matrix
(role x agency x handling code x sensitivity x area).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = [
    "AGENCY_KINDS",
    "HANDLING_CODES",
    "RECORD_CLASSES",
    "ROLES",
    "SENSITIVITIES",
    "Decision",
    "Marking",
    "Role",
    "Viewer",
    "can_see_aggregates",
    "decide",
]


class Decision(enum.Enum):
    """What a viewer gets of one record."""

    VISIBLE = "visible"
    REDACTED = "redacted"
    HIDDEN = "hidden"


class Role(enum.StrEnum):
    """The default roles of the partnership (DESIGN.md, Who uses it)."""

    POLICE_ANALYST = "police_analyst"
    POLICE_OFFICER = "police_officer"
    NEIGHBOURHOOD_COMMANDER = "neighbourhood_commander"
    PARTNER_PRACTITIONER = "partner_practitioner"
    PARTNER_ANALYST = "partner_analyst"
    TREATMENT_PROVIDER = "treatment_provider"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


ROLES: tuple[Role, ...] = tuple(Role)
POLICE_ROLES = frozenset({Role.POLICE_ANALYST, Role.POLICE_OFFICER, Role.NEIGHBOURHOOD_COMMANDER})
PARTNER_ROLES = frozenset({Role.PARTNER_PRACTITIONER, Role.PARTNER_ANALYST})
ANALYST_ROLES = frozenset({Role.POLICE_ANALYST, Role.PARTNER_ANALYST})
AGENCY_KINDS = (
    "police",
    "council",
    "housing",
    "safeguarding",
    "health",
    "treatment",
    "education",
    "community",
)
HANDLING_CODES = ("P", "C")
SENSITIVITIES = ("standard", "sensitive", "restricted")
RECORD_CLASSES = ("person", "location", "event", "intelligence", "line", "intervention")


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their agency, its kind, their role and the areas (GSS codes) it covers."""

    agency_code: str
    agency_kind: str
    role: Role
    areas: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Marking:
    """What the policy needs to know of a record (never its content)."""

    record_class: str
    owning_agency_code: str
    owning_agency_kind: str
    handling_code: str = "P"
    sensitivity: str = "standard"
    area_code: str | None = None

    def __post_init__(self) -> None:
        if self.record_class not in RECORD_CLASSES:
            raise ValueError(
                f"record class {self.record_class!r} is not one of {', '.join(RECORD_CLASSES)}"
            )
        if self.handling_code not in HANDLING_CODES:
            raise ValueError(f"handling code {self.handling_code!r} is not P or C")
        if self.sensitivity not in SENSITIVITIES:
            raise ValueError(
                f"sensitivity {self.sensitivity!r} is not one of {', '.join(SENSITIVITIES)}"
            )


def can_see_aggregates(viewer: Viewer) -> bool:
    """Counts and maps with small numbers suppressed: every role except the administrator."""
    return viewer.role is not Role.ADMINISTRATOR


def decide(viewer: Viewer, record: Marking) -> Decision:
    """Decide whether ``viewer`` sees ``record`` in full, as a stub, or not at all.

    >>> police = Viewer("leicestershire-police", "police", Role.POLICE_ANALYST)
    >>> decide(police, Marking("event", "charnwood-bc", "council")).value
    'visible'
    """
    if viewer.role is Role.ADMINISTRATOR:
        # Administrators manage accounts, not cases: separation of duties.
        return Decision.HIDDEN
    if viewer.role is Role.AUDITOR:
        # Auditors check who saw what; they need to know records exist, not their content.
        return Decision.REDACTED
    own = record.owning_agency_code == viewer.agency_code
    if viewer.role is Role.TREATMENT_PROVIDER:
        # Contributes referrals and sees its own; everything else only as aggregates.
        return Decision.VISIBLE if own else Decision.HIDDEN
    if own:
        return _own_agency(viewer, record)
    if viewer.role in POLICE_ROLES and viewer.agency_kind == "police":
        return _police_viewing_partner(viewer, record)
    return _partner_viewing_other(viewer, record)


def _own_agency(viewer: Viewer, record: Marking) -> Decision:
    if record.sensitivity == "restricted" and viewer.role not in ANALYST_ROLES:
        # Restricted material protects a source: within the agency, analysts only.
        return Decision.REDACTED
    return Decision.VISIBLE


def _police_viewing_partner(viewer: Viewer, record: Marking) -> Decision:
    if record.sensitivity == "restricted":
        return Decision.REDACTED if viewer.role is Role.POLICE_ANALYST else Decision.HIDDEN
    if record.handling_code == "C" and viewer.role is not Role.POLICE_ANALYST:
        # Conditions apply: an analyst reads them and decides what to pass on.
        return Decision.REDACTED
    return Decision.VISIBLE


def _partner_viewing_other(viewer: Viewer, record: Marking) -> Decision:
    # Also reached by a police role held in a non-police agency: treated as a partner.
    if record.sensitivity == "restricted":
        return Decision.HIDDEN
    if record.area_code is not None and viewer.areas and record.area_code not in viewer.areas:
        # Need to know: a partner sees other agencies' records only in the areas it covers.
        return Decision.HIDDEN
    if record.handling_code == "C":
        return Decision.REDACTED
    if record.record_class == "intelligence":
        # Police-graded intelligence reaches partners sanitised, through an analyst.
        if record.owning_agency_kind == "police":
            return Decision.REDACTED
        return Decision.VISIBLE if record.sensitivity == "standard" else Decision.REDACTED
    if record.sensitivity == "sensitive":
        if record.record_class in ("location", "line"):
            return Decision.VISIBLE
        return Decision.REDACTED
    return Decision.VISIBLE
