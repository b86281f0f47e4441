"""Feed formats load, are checked, and fail loudly when malformed."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.feeds import FEEDS, FeedSpecError, get_spec
from linewatch.feeds import spec as spec_module
from linewatch.feeds.row_keys import key_columns
from linewatch.feeds.values import COLUMN_TYPES


def test_every_format_loads_with_columns() -> None:
    assert len(FEEDS) == 12
    for kind, spec in FEEDS.items():
        assert spec.kind == kind
        assert spec.columns
        assert spec.senders
        assert all(c.type in COLUMN_TYPES for c in spec.columns)
        key_columns(spec)


def test_person_columns_are_included() -> None:
    arrests = get_spec("arrests")
    assert arrests.column("dob").type == "partial_date"
    assert arrests.column("dob").person
    assert not get_spec("needle-finds").has_column("dob")


def test_police_uk_headers_keep_their_published_spelling() -> None:
    street = get_spec("police-uk-street")
    assert street.expected_header.startswith("Crime ID,Month,Reported by")
    assert street.column("Crime ID").allow_blank
    assert not street.column("Month").allow_blank


def good() -> dict[str, Any]:
    return {
        "kind": "x",
        "title": "X",
        "event_kind": None,
        "senders": ["police"],
        "description": "d",
        "columns": [{"name": "ref", "type": "ref", "required": True, "description": "r"}],
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["columns"][0].update(type="colour"), "unknown type 'colour'"),
        (lambda d: d["columns"][0].update(colour="red"), "unknown keys ['colour']"),
        (lambda d: d["columns"][0].update(type="enum"), "choices are required"),
        (lambda d: d["columns"][0].pop("description"), "a description is required"),
        (lambda d: d["columns"].append(dict(d["columns"][0], name="REF")), "both answer to"),
        (lambda d: d.update(kind="y"), "must match the file name"),
        (lambda d: d["columns"][0].update(type="integer", min=5, max=1), "min 5 is above max 1"),
        (lambda d: d.update(columns=[]), "non-empty list"),
    ],
)
def test_malformed_formats_are_refused(change: Any, message: str) -> None:
    data = good()
    change(data)
    with pytest.raises(FeedSpecError, match=message.replace("[", r"\[").replace("]", r"\]")):
        spec_module._feed("x.yaml", data, ())
