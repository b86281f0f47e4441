"""Submitting, grading and linking intelligence (the service behind the web form)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from linewatch.core.access import Role
from linewatch.core.geography import LonLat, areas_at, wgs84_to_bng
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event, EventPerson, EventPhone, EventVehicle
from linewatch.web.intel.models import IntelligenceReport
from linewatch.web.local_days import after_day, day_start
from linewatch.web.pole.models import Location, Person, Phone, Vehicle
from linewatch.web.pole.places import location_for

GRADERS = frozenset({Role.POLICE_ANALYST, Role.POLICE_OFFICER, Role.NEIGHBOURHOOD_COMMANDER})
SUBMITTERS = frozenset(Role) - {Role.AUDITOR, Role.ADMINISTRATOR}


def can_grade_on_submission(user: Any) -> bool:
    """Police roles are trained to grade; partners get the plain form and the queue."""
    return bool(user.agency and user.agency.kind == "police" and Role(user.role) in GRADERS)


def can_grade_queue(user: Any) -> bool:
    return bool(user.agency and user.agency.kind == "police" and user.role == Role.POLICE_ANALYST)


def can_submit(user: Any) -> bool:
    return bool(user.agency) and Role(user.role) in SUBMITTERS


def next_reference(agency_code: str) -> str:
    today = timezone.localdate()
    count = Event.objects.filter(
        source_feed="web",
        kind="intelligence",
        owning_agency__code=agency_code,
        received_at__gte=day_start(today),
        received_at__lt=after_day(today),
    ).count()
    return f"WEB/{agency_code.upper()[:12]}/{today:%Y%m%d}/{count + 1:04d}"


@transaction.atomic
def submit(user: Any, data: dict[str, Any], indicators: list[str], request: Any = None) -> Event:
    """Store a submitted report with its place, phones and vehicles; audited as collection."""
    agency = user.agency
    location = location_for(data.get("address", ""), data.get("postcode", ""), agency)
    graded = bool(data.get("source_evaluation"))
    now = timezone.now()
    where = _where_seen(location, data.get("pin"))
    event = Event.objects.create(
        kind="intelligence",
        ref=next_reference(agency.code),
        owning_agency=agency,
        occurred_at=data.get("occurred_at") or now,
        location=location,
        location_text=data.get("address", "") if location is None else "",
        **where,
        handling_code=data.get("handling_code") or "P",
        sensitivity=data.get("sensitivity") or "standard",
        source_feed="web",
        received_at=now,
        created_by=user,
        modified_by=user,
        details={"people_described": data.get("people", "")} if data.get("people") else {},
    )
    IntelligenceReport.objects.create(
        event=event,
        text=data["text"],
        source_agency=agency,
        submitted_by=user,
        source_evaluation=data.get("source_evaluation", "") if graded else "",
        intelligence_assessment=data.get("intelligence_assessment", "") if graded else "",
        handling_conditions=data.get("handling_conditions", "") if graded else "",
        indicators=indicators,
        status="graded" if graded else "awaiting_grading",
        graded_by=user if graded else None,
        graded_at=now if graded else None,
    )
    for number in data.get("phones", []):
        EventPhone.objects.create(event=event, phone=_phone(number, agency), role="mentioned")
    for vrm in data.get("vehicles", []):
        EventVehicle.objects.create(event=event, vehicle=_vehicle(vrm, agency), role="mentioned")
    audit(
        "collection",
        "intelligence_report",
        [event.pk],
        f"Submitted intelligence {event.ref}",
        request=request,
        user=user,
    )
    return event


def _where_seen(location: Location | None, pin: LonLat | None) -> dict[str, Any]:
    """The event's point and areas: the map pin where one was placed (it says exactly where
    it was seen), else the place's own (the postcode's or the address's)."""
    if pin is not None:
        easting, northing = wgs84_to_bng(pin.lon, pin.lat)
        areas = areas_at(pin)
        return {
            "easting": round(easting, 1),
            "northing": round(northing, 1),
            "latitude": round(pin.lat, 6),
            "longitude": round(pin.lon, 6),
            "lsoa_code": areas.lsoa_code or "",
            "area_code": areas.authority_code or (location.area_code if location else ""),
        }
    return {
        "easting": location.easting if location else None,
        "northing": location.northing if location else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "lsoa_code": location.lsoa_code if location else "",
        "area_code": location.area_code if location else "",
    }


def _phone(e164: str, agency: Any) -> Phone:
    phone, _ = Phone.objects.get_or_create(
        e164=e164,
        defaults={"owning_agency": agency, "source_feed": "web", "received_at": timezone.now()},
    )
    return phone


def _vehicle(vrm: str, agency: Any) -> Vehicle:
    vehicle, _ = Vehicle.objects.get_or_create(
        vrm=vrm,
        defaults={"owning_agency": agency, "source_feed": "web", "received_at": timezone.now()},
    )
    return vehicle


@dataclass(frozen=True)
class LinkChoice:
    """One suggestion an analyst may confirm: a key for the form and what it would link."""

    key: str
    kind: str
    value: str
    label: str


@transaction.atomic
def grade(
    user: Any,
    event: Event,
    data: dict[str, Any],
    choices: dict[str, LinkChoice],
    request: Any = None,
) -> Event:
    """Grade, sanitise and link a report from the queue; audited as alteration/combination."""
    report = event.report
    if report.text != data["sanitised_text"]:
        event.details = {**event.details, "submitted_text": report.text}
        report.text = data["sanitised_text"]
    report.source_evaluation = data["source_evaluation"]
    report.intelligence_assessment = data["intelligence_assessment"]
    report.handling_conditions = data.get("handling_conditions", "")
    event.handling_code = data["handling_code"]
    event.modified_by = user
    linked = []
    for key in data.get("link", []):
        choice = choices.get(key)
        if choice is not None:
            linked.append(_link(event, choice, user))
    report.status = "linked" if linked else "graded"
    report.graded_by, report.graded_at = user, timezone.now()
    event.save()
    report.save()
    audit(
        "alteration",
        "intelligence_report",
        [event.pk],
        f"Graded {event.ref} {report.grade}",
        request=request,
        user=user,
    )
    if linked:
        audit(
            "combination",
            "intelligence_report",
            [event.pk, *linked],
            f"Linked {event.ref} to {', '.join(linked)}",
            request=request,
            user=user,
        )
    return event


def _link(event: Event, choice: LinkChoice, user: Any) -> str:
    agency = user.agency
    if choice.kind == "phone":
        phone = _phone(choice.value, agency)
        EventPhone.objects.get_or_create(event=event, phone=phone, role="mentioned")
        return f"phone:{phone.pk}"
    if choice.kind == "vrm":
        vehicle = _vehicle(choice.value, agency)
        EventVehicle.objects.get_or_create(event=event, vehicle=vehicle, role="mentioned")
        return f"vehicle:{vehicle.pk}"
    if choice.kind in ("address", "postcode"):
        address, _, postcode = choice.value.partition("|")
        location = location_for(address, postcode, agency)
        if location is not None:
            event.location = location
            event.area_code = location.area_code or event.area_code
            return f"location:{location.pk}"
        return ""
    person = Person.objects.filter(pk=int(choice.value)).first() if choice.value.isdigit() else None
    if person is None:
        first, _, surname = choice.label.rpartition(" ")
        person = Person.objects.create(
            first_name=first,
            surname=surname,
            owning_agency=agency,
            source_feed="web",
            received_at=timezone.now(),
            search_name=choice.label.lower(),
            created_by=user,
        )
    EventPerson.objects.get_or_create(event=event, person=person, role="mentioned")
    return f"person:{person.pk}"
