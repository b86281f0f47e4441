"""A small checker of feed files against feeds/formats/*.yaml (independent of linewatch.feeds)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import phonenumbers
import yaml

FORMATS = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "feeds" / "formats"
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
VRM = re.compile(r"^[A-Z]{2}[0-9]{2} ?[A-Z]{3}$", re.IGNORECASE)
REF = re.compile(r"^[A-Za-z0-9\-_/.:]{1,64}$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?"
    r"|\d{2}/\d{2}/\d{4} \d{2}:\d{2}(:\d{2})?)$"
)


def load_spec(kind: str) -> list[dict[str, Any]]:
    """The column specs of a kind, person columns included."""
    spec = yaml.safe_load((FORMATS / f"{kind}.yaml").read_text(encoding="utf-8"))
    cols: list[dict[str, Any]] = list(spec["columns"])
    if spec.get("person_columns"):
        cols += yaml.safe_load((FORMATS / "_person.yaml").read_text(encoding="utf-8"))["columns"]
    return cols


def _date(v: str) -> bool:
    for fmt in DATE_FORMATS:
        try:
            datetime.strptime(v, fmt)
            return True
        except ValueError:
            continue
    return False


def _partial(v: str) -> bool:
    return _date(v) or bool(re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?|(0[1-9]|1[0-2])/\d{4}", v))


def _datetime(v: str) -> bool:
    if not DATETIME.match(v):
        return False
    head = v[:10]
    return _date(head)


def _phone(v: str) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(v, "GB")))
    except phonenumbers.NumberParseException:
        return False


def _number(v: str, integer: bool, col: dict[str, Any]) -> bool:
    try:
        n = int(v) if integer else float(v)
    except ValueError:
        return False
    return col.get("min", -1e18) <= n <= col.get("max", 1e18)


def _norm(v: str) -> str:
    return v.strip().lower().replace(" ", "_").replace("-", "_")


def check_value(col: dict[str, Any], v: str) -> bool:
    """Whether ``v`` is a valid non-empty value of the column."""
    t = col["type"]
    choices = [_norm(str(c)) for c in col.get("choices", [])]
    checks: dict[str, Callable[[str], bool]] = {
        "text": lambda x: (
            not any(ord(c) < 32 for c in x) and len(x) <= col.get("max_length", 10**9)
        ),
        "ref": lambda x: bool(REF.match(x)),
        "date": _date,
        "partial_date": _partial,
        "datetime": _datetime,
        "month": lambda x: bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", x)),
        "integer": lambda x: _number(x, True, col),
        "decimal": lambda x: _number(x, False, col),
        "postcode": lambda x: bool(POSTCODE.match(x.strip())),
        "phone": _phone,
        "phone_list": lambda x: all(_phone(p) for p in x.split(";")),
        "vrm": lambda x: bool(VRM.match(x)),
        "vrm_list": lambda x: all(VRM.match(p) for p in x.split(";")),
        "enum": lambda x: _norm(x) in choices,
        "enum_list": lambda x: all(_norm(p) in choices for p in x.split(";")),
        "text_list": lambda x: all(p.strip() for p in x.split(";")),
        "latitude": lambda x: 49.0 < float(x) < 61.5,
        "longitude": lambda x: -9.0 < float(x) < 2.5,
        "easting": lambda x: 0 <= int(x) <= 700_000,
        "northing": lambda x: 0 <= int(x) <= 1_300_000,
        "bool": lambda x: x.lower() in {"true", "false", "yes", "no", "y", "n", "1", "0"},
    }
    return checks[t](v)


def check_file(path: Path, kind: str) -> list[str]:
    """Problems found in a feed file (empty when it follows its spec)."""
    cols = load_spec(kind)
    problems: list[str] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header != [c["name"] for c in cols]:
            return [f"{path}: header {header} != spec"]
        police_uk = kind.startswith("police-uk")
        for n, row in enumerate(reader, start=2):
            if len(row) != len(cols):
                problems.append(f"{path}:{n}: {len(row)} fields")
                continue
            for col, v in zip(cols, row, strict=True):
                if not v:
                    if col["required"] and not police_uk:
                        problems.append(f"{path}:{n}: {col['name']} is blank")
                    continue
                if not check_value(col, v):
                    problems.append(f"{path}:{n}: {col['name']}={v!r} is not a valid {col['type']}")
            if kind == "intelligence":
                rec = dict(zip([c["name"] for c in cols], row, strict=True))
                if rec["handling_code"] == "C" and not rec["handling_conditions"]:
                    problems.append(f"{path}:{n}: handling code C without conditions")
            if len(problems) > 20:
                return problems
    return problems


def is_real_date(v: str) -> date | None:
    """Parse an ISO date or return None."""
    return date.fromisoformat(v) if v else None
