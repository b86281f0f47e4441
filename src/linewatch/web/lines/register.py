"""Writing to the register: a new line, by hand or from a proposed cluster; numbers, people and
addresses joined to it. Every write is audited; checks of who may write are the views'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from linewatch.core.network import (
    looks_like_deal_line,
    suggest_roles,
)
from linewatch.web.access import filter_visible
from linewatch.web.audit.trail import record as audit
from linewatch.web.lines.models import (
    CountyLine,
    DealLineNumber,
    LineAddress,
    LineMember,
    LineStatusChange,
)
from linewatch.web.network.collect import READ_LIMIT, parse_ref
from linewatch.web.network.service import network_around
from linewatch.web.pole.models import Location, Person, Phone

__all__ = [
    "ClusterPlan",
    "RegisterError",
    "add_address",
    "add_member",
    "add_number",
    "create_line",
    "plan_from_cluster",
]


class RegisterError(ValueError):
    """A register write that cannot be made (a duplicate, an overlapping period)."""


def create_line(
    user: Any, data: dict[str, Any], *, request: HttpRequest | None = None
) -> CountyLine:
    """A new line (status suspected) owned by the user's agency, with its first history entry."""
    now = timezone.now()
    areas = list(data.get("importing_areas") or [])
    with transaction.atomic():
        line = CountyLine.objects.create(
            owning_agency=user.agency,
            name=data["name"].strip(),
            exporting_force=data.get("exporting_force", ""),
            exporting_area=data.get("exporting_area", ""),
            importing_areas=areas,
            importing_towns=list(data.get("importing_towns") or []),
            first_seen=data.get("first_seen"),
            summary=data.get("summary", ""),
            handling_code=data.get("handling_code") or "P",
            sensitivity=data.get("sensitivity") or "standard",
            area_code=areas[0] if areas else "",
            source_feed="web",
            received_at=now,
            created_by=user,
            modified_by=user,
        )
        LineStatusChange.objects.create(
            line=line,
            from_status="",
            to_status="suspected",
            changed_at=now,
            changed_by=user,
            reason=data.get("reason") or "Added to the register",
        )
        audit(
            "collection",
            "county_line",
            [line.pk],
            f"Added county line {line.pk} to the register",
            request=request,
            user=user if request is None else None,
        )
    return line


def _overlaps(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
) -> bool:
    start_a, end_a = a[0] or dt.date.min, a[1] or dt.date.max
    start_b, end_b = b[0] or dt.date.min, b[1] or dt.date.max
    return start_a <= end_b and start_b <= end_a


def add_number(
    user: Any,
    line: CountyLine,
    e164: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    *,
    request: HttpRequest | None = None,
) -> DealLineNumber:
    """Join a number to the line for a period; overlapping the same number's is refused."""
    with transaction.atomic():
        phone, _ = Phone.objects.get_or_create(
            e164=e164,
            defaults={
                "owning_agency": user.agency,
                "source_feed": "web",
                "received_at": timezone.now(),
            },
        )
        for existing in DealLineNumber.objects.filter(line=line, phone=phone):
            if _overlaps((existing.valid_from, existing.valid_to), (valid_from, valid_to)):
                raise RegisterError(
                    f"{phone.national} is already a number of this line from "
                    f"{existing.valid_from or 'an unknown date'} to {existing.valid_to or 'now'}"
                )
        number = DealLineNumber.objects.create(
            line=line, phone=phone, valid_from=valid_from, valid_to=valid_to
        )
        audit(
            "combination",
            "county_line",
            [line.pk, f"phone:{phone.pk}"],
            f"Added deal-line number phone:{phone.pk} to county line {line.pk}",
            request=request,
            user=user if request is None else None,
        )
    return number


def _joined(model: Any, what: str, line: CountyLine, user: Any, request: Any, **values: Any) -> Any:
    """Create one join row, audited; a duplicate is refused with what is duplicated."""
    try:
        with transaction.atomic():
            row = model.objects.create(line=line, **values)
            audit(
                "combination",
                "county_line",
                [line.pk, what],
                f"Added {what} ({values.get('role')}) to county line {line.pk}",
                request=request,
                user=user if request is None else None,
            )
            return row
    except IntegrityError:
        raise RegisterError(f"{what} is already recorded on this line in that role") from None


def add_member(
    user: Any,
    line: CountyLine,
    person: Person,
    role: str,
    valid_from: Any = None,
    valid_to: Any = None,
    *,
    request: HttpRequest | None = None,
) -> LineMember:
    """Join a person to the line in a role (audited as a combination)."""
    member: LineMember = _joined(
        LineMember,
        f"person:{person.pk}",
        line,
        user,
        request,
        person=person,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return member


def add_address(
    user: Any,
    line: CountyLine,
    location: Location,
    role: str,
    valid_from: Any = None,
    valid_to: Any = None,
    *,
    request: HttpRequest | None = None,
) -> LineAddress:
    """Join an address to the line in a role (audited as a combination)."""
    use: LineAddress = _joined(
        LineAddress,
        f"location:{location.pk}",
        line,
        user,
        request,
        location=location,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return use


@dataclass
class ClusterPlan:
    """What creating a line from a cluster will join to it (visible records only)."""

    numbers: list[Phone] = field(default_factory=list)
    members: list[tuple[Person, str, tuple[str, ...]]] = field(default_factory=list)
    addresses: list[tuple[Location, str]] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)


def plan_from_cluster(user: Any, node_ids: Iterable[str]) -> ClusterPlan:
    """Deal lines become numbers, people members in their suggested role (else associate),
    addresses cuckooed when the register already says so (else deal point)."""
    refs = {}
    for node in node_ids:
        try:
            refs[node] = parse_ref(node)
        except ValueError:
            continue
    plan = ClusterPlan(nodes=sorted(refs))
    phones = [pk for kind, pk in refs.values() if kind == "phone"]
    visible_phones = {p.pk: p for p in filter_visible(user, Phone.objects.filter(pk__in=phones))}
    graph = None
    for pk in sorted(visible_phones):
        view = network_around(user, f"phone:{pk}", depth=2, cap=READ_LIMIT)
        if view is not None and looks_like_deal_line(view.graph, f"phone:{pk}"):
            plan.numbers.append(visible_phones[pk])
            graph = graph or view.graph
    roles = {}
    if graph is not None:
        sub = graph.subgraph([n for n in refs if n in graph])
        roles = {s.node: s for s in suggest_roles(sub)}
    people = [pk for kind, pk in refs.values() if kind == "person"]
    for person in filter_visible(user, Person.objects.filter(pk__in=people)).order_by("pk"):
        suggestion = roles.get(f"person:{person.pk}")
        if suggestion is None:
            plan.members.append((person, "associate", ("no role suggested",)))
        else:
            plan.members.append((person, suggestion.role, suggestion.reasons))
    places = [pk for kind, pk in refs.values() if kind == "location"]
    cuckooed = set(
        LineAddress.objects.filter(location_id__in=places, role="cuckooed").values_list(
            "location_id", flat=True
        )
    )
    for location in filter_visible(user, Location.objects.filter(pk__in=places)).order_by("pk"):
        plan.addresses.append((location, "cuckooed" if location.pk in cuckooed else "deal_point"))
    return plan


def create_from_cluster(
    user: Any, data: dict[str, Any], plan: ClusterPlan, *, request: HttpRequest | None = None
) -> CountyLine:
    """Create the line and join what the plan lists, all or nothing."""
    with transaction.atomic():
        line = create_line(
            user, {**data, "reason": "Created from a proposed network cluster"}, request=request
        )
        for phone in plan.numbers:
            add_number(user, line, phone.e164, None, None, request=request)
        for person, role, _ in plan.members:
            add_member(user, line, person, role, request=request)
        for location, role in plan.addresses:
            add_address(user, line, location, role, request=request)
    return line
