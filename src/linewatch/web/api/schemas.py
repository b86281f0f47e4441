"""Request and response shapes (the OpenAPI schema is generated from these)."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from ninja import Body, File, Path, Query, Schema, UploadedFile
from pydantic import AfterValidator, BeforeValidator, Field

from linewatch.feeds import FEEDS
from linewatch.web.events.models import EVENT_KINDS

INTEL_KINDS = ("intelligence", "community_report")
_INTEL_SPEC = FEEDS["intelligence"]


def _choices(name: str, column: str) -> type[enum.StrEnum]:
    """The intelligence feed's choices for ``column`` as an enum (one list of allowed values)."""
    values = _INTEL_SPEC.column(column).choices
    return enum.StrEnum(
        name, {value if value.isidentifier() else f"v{value}": value for value in values}
    )  # type: ignore[return-value]


Indicator = _choices("Indicator", "indicators")
SourceEvaluation = _choices("SourceEvaluation", "source_evaluation")
IntelligenceAssessment = _choices("IntelligenceAssessment", "intelligence_assessment")
HandlingCode = _choices("HandlingCode", "handling_code")
Sensitivity = _choices("Sensitivity", "sensitivity")
TEXT_MAX = _INTEL_SPEC.column("text").max_length or 20000

FeedKind = enum.StrEnum(  # type: ignore[misc]
    "FeedKind", {kind.replace("-", "_"): kind for kind in sorted(FEEDS)}
)
EventFeedKind = enum.StrEnum(  # type: ignore[misc]
    "EventFeedKind",
    {kind.replace("-", "_"): kind for kind, spec in sorted(FEEDS.items()) if spec.event_kind},
)
EventKind = enum.StrEnum(  # type: ignore[misc]
    "EventKind", {kind: kind for kind, _ in EVENT_KINDS if kind not in INTEL_KINDS}
)


class Problem(Schema):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] = []


class ProblemField(Schema):
    field: str | None
    message: str


Problem.model_rebuild()


class Stub(Schema):
    """A record this client may know exists but not read: whom to ask for it."""

    redacted: Literal[True] = True
    kind: str
    reference: str
    held_by: str
    contact: str


# -- submissions -----------------------------------------------------------------------


class IntelligenceIn(Schema):
    """A piece of intelligence: what was seen (text), where, when, and what it mentions.

    Optionally graded 3x5x2 (all three parts or none; C needs handling conditions). Ungraded
    reports go to the analysts' grading queue.
    """

    text: str = Field(
        min_length=1,
        max_length=TEXT_MAX,
        description="What was seen, sanitised of the source's identity.",
    )
    ref: str | None = Field(
        None, description="Your reference (unique within your agency); resubmitting it is a no-op."
    )
    occurred_at: str | None = Field(
        None, description="When it was seen: 'YYYY-MM-DD HH:MM' (UK time) or ISO 8601."
    )
    address: str | None = Field(None, description="Where: the address it is about.")
    postcode: str | None = Field(None, description="Where: that address's postcode.")
    phones: list[str] = Field(default_factory=list, description="Phone numbers mentioned.")
    vehicles: list[str] = Field(default_factory=list, description="Vehicle registrations.")
    subjects: list[str] = Field(
        default_factory=list, description="person_ref values of the people it is about."
    )
    indicators: list[Indicator] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Exploitation and cuckooing indicators."
    )
    source_evaluation: SourceEvaluation | None = Field(  # type: ignore[valid-type]
        None, description="3x5x2 source evaluation: 1 reliable, 2 untested, 3 not reliable."
    )
    intelligence_assessment: IntelligenceAssessment | None = Field(  # type: ignore[valid-type]
        None, description="3x5x2 intelligence assessment, A to E."
    )
    handling_code: HandlingCode | None = Field(  # type: ignore[valid-type]
        None, description="3x5x2 handling code: P, or C (with handling conditions)."
    )
    handling_conditions: str | None = Field(None, description="Required with handling code C.")
    sensitivity: Sensitivity | None = Field(None)  # type: ignore[valid-type]


CellValue = str | int | float | bool | list[str] | None


class SubmissionOut(Schema):
    id: int
    reference: str
    kind: str
    ref: str
    status: Literal["created", "already_present"]
    grading_status: str | None = None


class RejectedRowOut(Schema):
    row: int
    field: str | None
    value: str | None
    message: str


class FeedReportOut(Schema):
    file: str
    kind: str
    agency: str
    status: str
    accepted: int
    rejected: int
    already_present: int
    warnings: list[str]
    checksum: str
    import_id: int | None
    rejected_rows: list[RejectedRowOut]


# -- reads -------------------------------------------------------------------------------


class IntelligenceOut(Schema):
    redacted: Literal[False] = False
    id: int
    reference: str
    kind: str
    ref: str
    held_by: str
    received_at: datetime
    occurred_at: datetime | None
    text: str
    location_text: str
    area_code: str
    phones: list[str]
    vehicles: list[str]
    indicators: list[str]
    grade: str
    source_evaluation: str
    intelligence_assessment: str
    handling_code: str
    handling_conditions: str
    sensitivity: str
    status: str
    provenance: str


class EventOut(Schema):
    redacted: Literal[False] = False
    id: int
    reference: str
    kind: str
    ref: str
    held_by: str
    received_at: datetime
    occurred_at: datetime | None
    time_precision: str
    location_text: str
    area_code: str
    lsoa_code: str
    latitude: float | None
    longitude: float | None
    category: str
    outcome: str
    drug_type: str
    quantity: str | None
    unit: str
    count: int | None
    home_force: str
    ended_at: datetime | None
    description: str
    details: dict[str, Any]
    phones: list[str]
    vehicles: list[str]
    people: list[LinkedRecord]
    handling_code: str
    sensitivity: str
    provenance: str


class LinkedRecord(Schema):
    """A link to another record (read it at its own URL, under its own access rules)."""

    id: int
    role: str


EventOut.model_rebuild()


class LocationOut(Schema):
    redacted: Literal[False] = False
    id: int
    reference: str
    address: str
    postcode: str
    area_code: str
    lsoa_code: str
    latitude: float | None
    longitude: float | None


class PersonOut(Schema):
    redacted: Literal[False] = False
    id: int
    reference: str
    held_by: str
    person_ref: str
    first_name: str
    surname: str
    aliases: list[str]
    date_of_birth: str
    gender: str
    flags: list[str]
    area_code: str
    home: LocationOut | Stub | None
    handling_code: str
    sensitivity: str
    provenance: str


class DealLineOut(Schema):
    number: str
    valid_from: date | None
    valid_to: date | None


class LineOut(Schema):
    redacted: Literal[False] = False
    id: int
    reference: str
    held_by: str
    name: str
    status: str
    exporting_force: str
    exporting_area: str
    importing_areas: list[str]
    importing_towns: list[str]
    first_seen: date | None
    closure_type: str
    summary: str
    deal_lines: list[DealLineOut]
    members: list[LinkedRecord]
    handling_code: str
    sensitivity: str
    provenance: str


class Page(Schema):
    count: int = Field(description="Records this client may know of (in full or as stubs).")
    limit: int
    offset: int


class IntelligencePage(Page):
    items: list[IntelligenceOut | Stub]


class EventPage(Page):
    items: list[EventOut | Stub]


class LinePage(Page):
    items: list[LineOut | Stub]


# -- the error responses each kind of operation may give ---------------------------------

LIST_ERRORS: dict[int, Any] = {401: Problem, 422: Problem}
DETAIL_ERRORS: dict[int, Any] = {401: Problem, 404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 422: Problem}
UPLOAD_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 413: Problem}

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**53


# -- parameters ---------------------------------------------------------------------------

RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
FeedKindPath = Annotated[FeedKind, Path(description="A feed kind (see docs/feeds.md).")]
EventFeedKindPath = Annotated[EventFeedKind, Path(description="A feed kind with events.")]
EventKindQuery = Annotated[EventKind | None, Query(description="Only events of this kind.")]


def _date_time_text(value: object) -> object:
    """A date and time written out (ISO 8601), not a number of seconds since 1970."""
    if isinstance(value, int | float) or (isinstance(value, str) and _is_number(value)):
        raise ValueError("expected an ISO 8601 date and time, e.g. 2024-05-01T09:00:00Z")
    return value


def _is_number(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return True


MAX_UTC_OFFSET = timedelta(hours=14)  # the widest offset in use (UTC+14, Kiribati)


def _real_offset(value: datetime) -> datetime:
    """A time zone offset that exists (PostgreSQL refuses wider ones with a server error)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise ValueError("the time zone offset must be between -14:00 and +14:00")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_date_time_text), AfterValidator(_real_offset)]
SinceQuery = Annotated[
    IsoDateTime | None,
    Query(description="Only events received at or after this time (ISO 8601)."),
]
FeedFile = Annotated[UploadedFile, File(description="The feed file, CSV UTF-8 or XLSX.")]
EventRecord = Annotated[
    dict[str, CellValue],
    Body(
        description="One row of that feed: the feed's column names as keys. Lists may be JSON "
        "arrays or ';'-separated text."
    ),
]
