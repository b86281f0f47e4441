"""Share packages for another force: bail conditions, intelligence its handling code allows,
missing episodes — exported as JSON (schema in docs/share-packages.md) and PDF, each one a
logged disclosure (DPA 2018 s62(3): justification, date and time, discloser, recipients).

What goes in is what the exporter may see in full (the access policy), and of intelligence:

* **P** (lawful sharing permitted): included, text and grade, for a police force recipient;
* **C** (sharing with conditions): never the text; its reference, grade, the originator and
  the conditions are listed under ``withheld_intelligence``, so the recipient can ask the
  originator, who decides (the conditions are respected by omission);
* **restricted** (source protection): left out altogether.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from linewatch.core.access import Role, Viewer
from linewatch.web.access import filter_visible
from linewatch.web.accounts.models import Agency
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.interventions.documents import render_document
from linewatch.web.interventions.models import Intervention, SharePackage
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Person

__all__ = [
    "SCHEMA",
    "ShareError",
    "SystemExporter",
    "build_package",
    "can_share",
    "package_json",
    "package_pdf",
]

SCHEMA = "https://linewatch.example/schemas/share-package/1"  # docs/share-packages.md
SHARING_ROLES = frozenset({"police_analyst", "police_officer", "neighbourhood_commander"})


class ShareError(ValueError):
    """A package that cannot be made, each problem as ``(field, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


@dataclass
class SystemExporter:
    """The force itself exporting from the command line: a police analyst's view of its own
    force's records (no person signed in; the audit trail names the command)."""

    agency: Agency
    username: str = "cli:linewatch-share"
    role: str = "police_analyst"
    is_authenticated: bool = True

    @property
    def agency_id(self) -> int:
        return self.agency.pk

    def viewer(self) -> Viewer:
        return Viewer(self.agency.code, self.agency.kind, Role.POLICE_ANALYST, frozenset())


def can_share(user: Any) -> bool:
    """Share packages go from a police force to another force, made by its police roles."""
    agency = getattr(user, "agency", None)
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.role in SHARING_ROLES
        and agency is not None
        and agency.kind == "police"
    )


def _ref(record: Any) -> str:
    return f"{record._meta.model_name}:{record.pk}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _person(person: Person) -> dict[str, Any]:
    return {
        "reference": _ref(person),
        "name": person.display_name,
        "date_of_birth": person.dob_display if person.dob_year else None,
        "gender": person.gender or None,
        "aliases": [a.name for a in person.aliases.all()],
        "flags": person.flag_labels,
        "held_by": person.owning_agency.name,
    }


def _bail(user: Any, persons: list[Person]) -> list[dict[str, Any]]:
    queryset = filter_visible(
        user, Intervention.objects.filter(kind="bail_conditions", person__in=persons)
    ).select_related("person", "owning_agency")
    visible_people = {
        p.pk: p
        for p in filter_visible(user, Person.objects.all()).filter(
            pk__in={pid for b in queryset for pid in b.details.get("no_contact_person_ids", [])}
        )
    }
    result = []
    for bail in queryset.order_by("started_on", "pk"):
        details = bail.details
        result.append(
            {
                "reference": _ref(bail),
                "person": f"person:{bail.person_id}",
                "starts_on": _iso(bail.started_on),
                "expires_on": _iso(bail.ends_on),
                "exclusion_area_codes": details.get("exclusion_area_codes", []),
                "exclusion_polygon": details.get("exclusion_polygon"),
                "no_contact": [
                    {"reference": f"person:{pid}", "name": visible_people[pid].display_name}
                    if pid in visible_people
                    else {"reference": f"person:{pid}", "name": None}
                    for pid in details.get("no_contact_person_ids", [])
                ],
                "other_conditions": details.get("other_conditions", ""),
                "set_by": bail.owning_agency.name,
            }
        )
    return result


def _intelligence(user: Any, link: Q) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    queryset = (
        filter_visible(
            user, Event.objects.filter(link, kind__in=("intelligence", "community_report"))
        )
        .exclude(sensitivity="restricted")
        .select_related("owning_agency", "report__source_agency")
        .distinct()
        .order_by("occurred_at", "pk")
    )
    shared, withheld = [], []
    for event in queryset:
        report = getattr(event, "report", None)
        grade = report.grade if report is not None else ""
        if report is None or not report.source_evaluation:
            continue  # ungraded intelligence is not disseminated
        base = {
            "reference": event.ref or _ref(event),
            "grade": grade,
            "handling_code": event.handling_code,
            "occurred_at": _iso(event.occurred_at),
            "originator": event.owning_agency.name,
        }
        if event.handling_code == "P":
            shared.append({**base, "text": report.text})
        else:
            withheld.append(
                {
                    **base,
                    "conditions": report.handling_conditions,
                    "reason": "C-coded: the text is withheld; ask the originator, whose "
                    "conditions decide whether and how it may be shared",
                    "contact": event.owning_agency.contact,
                }
            )
    return shared, withheld


def _missing(user: Any, persons: list[Person]) -> list[dict[str, Any]]:
    queryset = (
        filter_visible(
            user, Event.objects.filter(kind="missing_episode", person_links__person__in=persons)
        )
        .prefetch_related("person_links")
        .distinct()
        .order_by("occurred_at", "pk")
    )
    wanted = {p.pk for p in persons}
    return [
        {
            "reference": event.ref or _ref(event),
            "person": [
                f"person:{link.person_id}"
                for link in event.person_links.all()
                if link.person_id in wanted
            ],
            "reported_missing_at": _iso(event.occurred_at),
            "found_at": _iso(event.ended_at),
            "home_force": event.home_force,
            "found_location": event.location_text,
            "risk_level": event.category,
        }
        for event in queryset
    ]


def _subject(user: Any, subject_type: str, subject_id: int) -> tuple[Any, list[Person], Q]:
    if subject_type == "person":
        person = (
            filter_visible(user, Person.objects.filter(pk=subject_id))
            .select_related("owning_agency")
            .first()
        )
        if person is None:
            raise ShareError([("subject", f"No person {subject_id} that you may see in full")])
        return person, [person], Q(person_links__person=person)
    if subject_type == "line":
        line = filter_visible(user, CountyLine.objects.filter(pk=subject_id)).first()
        if line is None:
            raise ShareError([("subject", f"No county line {subject_id} that you may see in full")])
        persons = list(
            filter_visible(user, Person.objects.filter(line_roles__line=line))
            .select_related("owning_agency")
            .distinct()
        )
        numbers = line.numbers.values_list("phone_id", flat=True)
        return (
            line,
            persons,
            Q(phone_links__phone_id__in=numbers) | Q(person_links__person__in=persons),
        )
    raise ShareError([("subject", f"{subject_type!r} is not 'person' or 'line'")])


def _line(user: Any, line: CountyLine, persons: list[Person]) -> dict[str, Any]:
    roles = {m.person_id: m.get_role_display() for m in line.members.all()}
    return {
        "reference": _ref(line),
        "name": line.name,
        "status": line.status_label,
        "exporting_force": line.exporting_force,
        "exporting_area": line.exporting_area,
        "importing_towns": line.importing_towns,
        "deal_line_numbers": [
            {"number": n.phone.e164, "from": _iso(n.valid_from), "to": _iso(n.valid_to)}
            for n in line.numbers.select_related("phone")
        ],
        "people": [{**_person(p), "role": roles.get(p.pk, "")} for p in persons],
    }


def _check(purpose: str, lawful_basis: str, recipients: list[str]) -> None:
    problems = []
    if len(purpose.strip()) < 10:
        problems.append(("purpose", "Say why the package is shared (at least 10 characters)"))
    if len(lawful_basis.strip()) < 5:
        problems.append(
            (
                "lawful_basis",
                "Give the lawful basis, for example 'DPA 2018 Part 3, s35; policing purpose'",
            )
        )
    if not recipients:
        problems.append(("recipients", "Name at least one recipient force or unit"))
    if problems:
        raise ShareError(problems)


def build_package(
    user: Any,
    subject_type: str,
    subject_id: int,
    *,
    purpose: str,
    lawful_basis: str,
    recipients: list[str],
    request: HttpRequest | None = None,
) -> SharePackage:
    """Assemble, store and log a package; raise :class:`ShareError` naming each bad field."""
    if not can_share(user):
        raise ShareError([("user", "Only police roles at a police force make share packages")])
    recipients = [r.strip() for r in recipients if r.strip()]
    _check(purpose, lawful_basis, recipients)
    subject, persons, link = _subject(user, subject_type, subject_id)
    shared, withheld = _intelligence(user, link)
    now = timezone.now()
    content: dict[str, Any] = {
        "$schema": SCHEMA,
        "package_id": None,
        "created_at": now.isoformat(),
        "exporting_agency": {"code": user.agency.code, "name": user.agency.name},
        "exported_by": user.username,
        "purpose": purpose.strip(),
        "lawful_basis": lawful_basis.strip(),
        "recipients": recipients,
        "handling": "OFFICIAL-SENSITIVE. Shared under the stated lawful basis for the stated "
        "purpose only; do not disseminate further without the originator's consent.",
        "subject": {"type": subject_type, "reference": _ref(subject)},
        "person": _person(subject) if subject_type == "person" else None,
        "line": _line(user, subject, persons) if subject_type == "line" else None,
        "bail_conditions": _bail(user, persons),
        "intelligence": shared,
        "withheld_intelligence": withheld,
        "missing_episodes": _missing(user, persons),
    }
    with transaction.atomic():
        package = SharePackage.objects.create(
            subject_type=subject_type,
            subject_id=subject_id,
            purpose=purpose.strip()[:500],
            lawful_basis=lawful_basis.strip()[:500],
            recipients=", ".join(recipients)[:300],
            created_at=now,
            created_by=user if not isinstance(user, SystemExporter) else None,
            exporting_agency=user.agency,
            content={},
            checksum="",
        )
        content["package_id"] = package.pk
        package.content = content
        package.checksum = hashlib.sha256(package_json(package).encode()).hexdigest()
        package.save(update_fields=["content", "checksum"])
        audit(
            "disclosure",
            "county_line" if subject_type == "line" else "person",
            [subject_id],
            f"Share package {package.pk} for {subject_type} {subject_id}: "
            f"{len(shared)} intelligence reports, {len(withheld)} withheld (C), "
            f"{len(content['bail_conditions'])} bail conditions, "
            f"{len(content['missing_episodes'])} missing episodes",
            request=request,
            user=user if request is None else None,
            justification=f"{purpose.strip()} | lawful basis: {lawful_basis.strip()}",
            recipients=package.recipients,
        )
    return package


def package_json(package: SharePackage) -> str:
    return json.dumps(package.content, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def package_pdf(package: SharePackage) -> bytes:
    """The package as a PDF (WeasyPrint, needs Pango)."""
    from weasyprint import HTML

    html = render_document(
        "interventions/share_package_document.html",
        {"package": package, "c": package.content},
        "share-package.css",
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
