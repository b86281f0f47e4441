"""Records as API objects, through the access policy: in full, as a stub, or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.http import Http404

from linewatch.core.access import Decision
from linewatch.web.access import decide_for, stub_for, visible_or_redacted
from linewatch.web.api.principal import ApiPrincipal
from linewatch.web.events.models import Event
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person

Presenter = Callable[[ApiPrincipal, Any], dict[str, Any]]


def stub(record: Any, kind: str) -> dict[str, Any]:
    s = stub_for(record, kind)
    return {
        "redacted": True,
        "kind": s.kind,
        "reference": s.reference,
        "held_by": s.agency_name,
        "contact": s.contact,
    }


def reference(record: models.Model) -> str:
    return f"{record._meta.model_name}:{record.pk}"


def entry(principal: ApiPrincipal, record: Any, kind: str, full: Presenter) -> dict[str, Any]:
    """One record as this principal may see it (the caller has left hidden ones out)."""
    if decide_for(principal, record) is Decision.VISIBLE:
        return full(principal, record)
    return stub(record, kind)


def page(
    principal: ApiPrincipal,
    queryset: models.QuerySet[Any],
    limit: int,
    offset: int,
    kind: str,
    full: Presenter,
) -> tuple[dict[str, Any], list[Any]]:
    """A page of what the principal may know exists, and the records on it (for the audit)."""
    known = visible_or_redacted(principal, queryset.select_related("owning_agency"))
    count = known.count()
    records = list(known[offset : offset + limit])
    items = [entry(principal, record, kind, full) for record in records]
    return {"count": count, "limit": limit, "offset": offset, "items": items}, records


def one(principal: ApiPrincipal, queryset: models.QuerySet[Any], pk: int) -> Any:
    """The record, if the principal may know it exists; a hidden one is 'not found'."""
    record = (
        visible_or_redacted(principal, queryset.select_related("owning_agency"))
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404
    return record


def _common(record: Any) -> dict[str, Any]:
    return {
        "redacted": False,
        "id": record.pk,
        "reference": reference(record),
        "held_by": record.owning_agency.name,
        "handling_code": record.handling_code,
        "sensitivity": record.sensitivity,
        "provenance": record.provenance,
    }


def _phones_and_vehicles(event: Event) -> tuple[list[str], list[str]]:
    phones = [link.phone.e164 for link in event.phone_links.select_related("phone")]
    vehicles = [link.vehicle.vrm for link in event.vehicle_links.select_related("vehicle")]
    return phones, vehicles


def _known_ids(principal: ApiPrincipal, model: type[models.Model], ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not wanted:
        return set()
    known = visible_or_redacted(principal, model._default_manager.filter(pk__in=wanted))
    return set(known.values_list("pk", flat=True))


def intelligence(principal: ApiPrincipal, event: Event) -> dict[str, Any]:
    report = getattr(event, "report", None)
    phones, vehicles = _phones_and_vehicles(event)
    return {
        **_common(event),
        "kind": event.kind,
        "ref": event.ref,
        "received_at": event.received_at,
        "occurred_at": event.occurred_at,
        "text": report.text if report else event.description,
        "location_text": event.location_text,
        "area_code": event.area_code,
        "phones": phones,
        "vehicles": vehicles,
        "indicators": list(report.indicators or []) if report else [],
        "grade": report.grade if report else "",
        "source_evaluation": report.source_evaluation if report else "",
        "intelligence_assessment": report.intelligence_assessment if report else "",
        "handling_conditions": report.handling_conditions if report else "",
        "status": report.status if report else "awaiting_grading",
    }


def event(principal: ApiPrincipal, record: Event) -> dict[str, Any]:
    phones, vehicles = _phones_and_vehicles(record)
    links = list(record.person_links.values_list("person_id", "role"))
    known = _known_ids(principal, Person, (pid for pid, _ in links))
    return {
        **_common(record),
        "kind": record.kind,
        "ref": record.ref,
        "received_at": record.received_at,
        "occurred_at": record.occurred_at,
        "time_precision": record.time_precision,
        "location_text": record.location_text,
        "area_code": record.area_code,
        "lsoa_code": record.lsoa_code,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "category": record.category,
        "outcome": record.outcome,
        "drug_type": record.drug_type,
        "quantity": None if record.quantity is None else str(record.quantity),
        "unit": record.unit,
        "count": record.count,
        "home_force": record.home_force,
        "ended_at": record.ended_at,
        "description": record.description,
        "details": record.details or {},
        "phones": phones,
        "vehicles": vehicles,
        "people": [{"id": pid, "role": role} for pid, role in links if pid in known],
    }


def location(principal: ApiPrincipal, place: Location) -> dict[str, Any]:
    return {
        "redacted": False,
        "id": place.pk,
        "reference": reference(place),
        "address": place.address,
        "postcode": place.postcode,
        "area_code": place.area_code,
        "lsoa_code": place.lsoa_code,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def person(principal: ApiPrincipal, record: Person) -> dict[str, Any]:
    home: dict[str, Any] | None = None
    if record.home_id is not None:
        place = (
            visible_or_redacted(principal, Location.objects.select_related("owning_agency"))
            .filter(pk=record.home_id)
            .first()
        )
        if place is not None:
            home = entry(principal, place, "location", location)
    return {
        **_common(record),
        "person_ref": record.person_ref,
        "first_name": record.first_name,
        "surname": record.surname,
        "aliases": list(record.aliases.values_list("name", flat=True)),
        "date_of_birth": record.dob_display if record.dob_year else "",
        "gender": record.gender,
        "flags": list(record.flags or []),
        "area_code": record.area_code,
        "home": home,
    }


def line(principal: ApiPrincipal, record: CountyLine) -> dict[str, Any]:
    members = list(record.members.values_list("person_id", "role"))
    known = _known_ids(principal, Person, (pid for pid, _ in members))
    return {
        **_common(record),
        "name": record.name,
        "status": record.status,
        "exporting_force": record.exporting_force,
        "exporting_area": record.exporting_area,
        "importing_areas": list(record.importing_areas or []),
        "importing_towns": list(record.importing_towns or []),
        "first_seen": record.first_seen,
        "closure_type": record.closure_type,
        "summary": record.summary,
        "deal_lines": [
            {"number": n.phone.e164, "valid_from": n.valid_from, "valid_to": n.valid_to}
            for n in record.numbers.select_related("phone")
        ],
        "members": [{"id": pid, "role": role} for pid, role in members if pid in known],
    }
