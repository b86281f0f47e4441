"""An event row as the bulk writer takes it: its columns, and how a draft fills them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linewatch.web.intake.drafts import Draft
from linewatch.web.intake.geocoding import Placed, place_lonlats
from linewatch.web.intake.key_lookups import PlaceRow

SENSITIVE_KINDS = frozenset({"missing_episode", "treatment_referral"})


# The event columns that vary from row to row, in the order event_values gives them; the
# provenance columns are the same for a whole file and go to the writer once (see constants).
EVENT_COLUMNS = (
    "id",
    "source_row",
    "source_key",
    "area_code",
    "handling_code",
    "sensitivity",
    "received_at",
    "location_id",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "lsoa_code",
)
# The columns a draft's ``event`` dict may give, each with the value when it does not.
EVENT_FIELDS: dict[str, Any] = {
    "kind": "",
    "ref": "",
    "occurred_at": None,
    "time_precision": "exact",
    "location_text": "",
    "category": "",
    "outcome": "",
    "drug_type": "",
    "quantity": None,
    "unit": "",
    "count": None,
    "home_force": "",
    "ended_at": None,
    "description": "",
    "details": {},
}


def event_points(drafts: list[Draft]) -> list[Placed | None]:
    """Geography for events with a WGS84 point or an LSOA and no place (police.uk rows)."""
    rows = [
        i
        for i, d in enumerate(drafts)
        if d.place is None
        and d.event
        and (d.event.get("latitude") is not None or d.event.get("lsoa_code"))
    ]
    placed: list[Placed | None] = [None] * len(drafts)
    if rows:
        events = [drafts[i].event or {} for i in rows]
        results = place_lonlats(
            [e.get("longitude") for e in events],
            [e.get("latitude") for e in events],
            [e.get("lsoa_code", "") for e in events],
        )
        for i, result in zip(rows, results, strict=True):
            placed[i] = result
    return placed


def event_values(
    event_id: int,
    draft: Draft,
    placed: Placed | None,
    places: dict[tuple[str, str], PlaceRow],
    now: datetime,
) -> list[Any]:
    """The row's values for EVENT_COLUMNS then EVENT_FIELDS (the hot path of a load: a
    list built in order, no dict per row)."""
    event = draft.event or {}
    get = event.get
    easting, northing = get("easting"), get("northing")
    latitude, longitude, lsoa = get("latitude"), get("longitude"), get("lsoa_code") or ""
    place = places.get(draft.place.key) if draft.place else None
    location_id, area = None, ""
    if place is not None:
        location_id, area = place.id, place.area_code
        easting, northing = easting or place.easting, northing or place.northing
        latitude, longitude = latitude or place.latitude, longitude or place.longitude
        lsoa = lsoa or place.lsoa_code
    elif placed is not None:
        area, lsoa = placed.la_code, placed.lsoa_code
        easting, northing = placed.easting, placed.northing
    kind = event["kind"]
    return [
        event_id,
        draft.row_number,
        draft.source_key[:128],
        area,
        get("handling_code", "P"),
        get("sensitivity") or ("sensitive" if kind in SENSITIVE_KINDS else "standard"),
        get("received_at") or now,
        location_id,
        easting,
        northing,
        latitude,
        longitude,
        lsoa,
        *[get(name, blank) for name, blank in EVENT_FIELDS.items()],
    ]
