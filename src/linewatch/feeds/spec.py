"""Feed formats: load and check every ``formats/*.yaml`` once, at import.

A malformed format file raises :class:`FeedSpecError` when :mod:`linewatch.feeds` is
imported, so it fails in the test suite and at start-up, never on a user's upload.

>>> get_spec("needle-finds").column("count").type
'integer'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from types import MappingProxyType
from typing import Any

import yaml

from linewatch.feeds.errors import FeedSpecError, UnknownFeedKind
from linewatch.feeds.values import COLUMN_TYPES, build_parser

FORMATS_PACKAGE = "linewatch.feeds"
FORMATS_DIR = "formats"
PERSON_FILE = "_person.yaml"

_FEED_KEYS = frozenset(
    {"kind", "title", "event_kind", "senders", "description", "person_columns", "columns"}
)
_COLUMN_KEYS = frozenset(
    {
        "name",
        "type",
        "required",
        "description",
        "aliases",
        "choices",
        "min",
        "max",
        "max_length",
        "allow_blank",
    }
)
_NUMERIC_TYPES = frozenset({"integer", "decimal"})
_CHOICE_TYPES = frozenset({"enum", "enum_list"})
_HEADER_SEPARATORS = re.compile(r"[\s\-]+")


def header_key(name: str) -> str:
    """How a header cell is matched: trimmed, case-folded, spaces and hyphens as ``_``.

    >>> header_key(" Crime ID "), header_key("Self-defined ethnicity")
    ('crime_id', 'self_defined_ethnicity')
    """
    return _HEADER_SEPARATORS.sub("_", name.strip().lstrip("\ufeff").strip()).casefold()


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of a feed format."""

    name: str
    type: str
    required: bool
    description: str
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    min: Decimal | None = None
    max: Decimal | None = None
    max_length: int | None = None
    #: A required column whose cells may still be blank (police.uk publishes blanks).
    allow_blank: bool = False
    #: Whether the column comes from the shared person block (``_person.yaml``).
    person: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        """The header keys (see :func:`header_key`) this column answers to."""
        return (header_key(self.name), *(header_key(a) for a in self.aliases))

    @property
    def value_required(self) -> bool:
        """Whether every row must give a value in this column."""
        return self.required and not self.allow_blank


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed kind: what it is, who sends it, and its columns in header order."""

    kind: str
    title: str
    event_kind: str | None
    senders: tuple[str, ...]
    description: str
    columns: tuple[ColumnSpec, ...]
    _by_name: Mapping[str, ColumnSpec] = field(repr=False, compare=False, default_factory=dict)

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name`` (its spec spelling)."""
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(c.name for c in self.columns)
            raise KeyError(f"{self.kind} has no column {name!r}; columns: {known}") from None

    def has_column(self, name: str) -> bool:
        """Whether the format has a column called ``name``."""
        return name in self._by_name

    @property
    def required_columns(self) -> tuple[ColumnSpec, ...]:
        """Columns that must be in the header."""
        return tuple(c for c in self.columns if c.required)

    @property
    def expected_header(self) -> str:
        """The full header line, comma-separated, in spec order."""
        return ",".join(c.name for c in self.columns)


def _fail(source: str, message: str) -> FeedSpecError:
    return FeedSpecError(f"{FORMATS_DIR}/{source}: {message}")


def _number(source: str, column: str, key: str, raw: object) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _fail(source, f"column {column!r}: {key} must be a number, not {raw!r}")
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise _fail(source, f"column {column!r}: {key} must be a number, not {raw!r}") from None


def _strings(source: str, where: str, raw: object) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str | int) for x in raw):
        raise _fail(source, f"{where} must be a list of strings, not {raw!r}")
    return tuple(str(x) for x in raw)


def _column(source: str, raw: object, *, person: bool) -> ColumnSpec:
    if not isinstance(raw, dict):
        raise _fail(source, f"each column must be a mapping, not {raw!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(source, f"a column has no name: {raw!r}")
    unknown = set(raw) - _COLUMN_KEYS
    if unknown:
        allowed = ", ".join(sorted(_COLUMN_KEYS))
        raise _fail(source, f"column {name!r}: unknown keys {sorted(unknown)}; allowed: {allowed}")
    type_ = raw.get("type")
    if type_ not in COLUMN_TYPES:
        known = ", ".join(sorted(COLUMN_TYPES))
        raise _fail(source, f"column {name!r}: unknown type {type_!r}; known types: {known}")
    for flag in ("required", "allow_blank"):
        if not isinstance(raw.get(flag, False), bool):
            raise _fail(source, f"column {name!r}: {flag} must be true or false")
    if "required" not in raw:
        raise _fail(source, f"column {name!r}: required must be given (true or false)")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(source, f"column {name!r}: a description is required")
    choices = _strings(source, f"column {name!r}: choices", raw.get("choices"))
    if (type_ in _CHOICE_TYPES) != bool(choices):
        raise _fail(
            source,
            f"column {name!r}: choices are required for enum and enum_list "
            "columns and allowed only there",
        )
    if len({header_key(c) for c in choices}) != len(choices):
        raise _fail(source, f"column {name!r}: choices clash once case and spacing are ignored")
    low = _number(source, name, "min", raw.get("min"))
    high = _number(source, name, "max", raw.get("max"))
    if (low is not None or high is not None) and type_ not in _NUMERIC_TYPES:
        raise _fail(source, f"column {name!r}: min/max apply only to integer and decimal")
    if low is not None and high is not None and low > high:
        raise _fail(source, f"column {name!r}: min {low} is above max {high}")
    max_length = raw.get("max_length")
    if max_length is not None and (
        type_ != "text" or not isinstance(max_length, int) or max_length < 1
    ):
        raise _fail(source, f"column {name!r}: max_length must be a positive integer on text")
    if raw.get("allow_blank") and not raw["required"]:
        raise _fail(source, f"column {name!r}: allow_blank only makes sense on required columns")
    column = ColumnSpec(
        name=name,
        type=type_,
        required=raw["required"],
        description=" ".join(description.split()),
        aliases=_strings(source, f"column {name!r}: aliases", raw.get("aliases")),
        choices=choices,
        min=low,
        max=high,
        max_length=max_length,
        allow_blank=raw.get("allow_blank", False),
        person=person,
    )
    try:
        build_parser(column)
    except (TypeError, ValueError) as exc:
        raise _fail(source, f"column {name!r}: cannot build its parser: {exc}") from exc
    return column


def _load_yaml(name: str) -> dict[str, Any]:
    resource = files(FORMATS_PACKAGE).joinpath(FORMATS_DIR, name)
    try:
        data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise _fail(name, f"is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise _fail(name, "must be a mapping at the top level")
    return data


def _columns(source: str, raw: object, *, person: bool) -> tuple[ColumnSpec, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(source, "columns must be a non-empty list")
    return tuple(_column(source, c, person=person) for c in raw)


def _feed(source: str, data: dict[str, Any], person_columns: tuple[ColumnSpec, ...]) -> FeedSpec:
    unknown = set(data) - _FEED_KEYS
    if unknown:
        raise _fail(source, f"unknown keys {sorted(unknown)}; allowed: {sorted(_FEED_KEYS)}")
    kind = data.get("kind")
    if kind != source.removesuffix(".yaml"):
        raise _fail(source, f"kind {kind!r} must match the file name")
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(source, f"{key} must be a non-empty string")
    event_kind = data.get("event_kind")
    if event_kind is not None and not isinstance(event_kind, str):
        raise _fail(source, "event_kind must be a string or null")
    senders = _strings(source, "senders", data.get("senders"))
    if not senders:
        raise _fail(source, "senders must list at least one agency type")
    if not isinstance(data.get("person_columns", False), bool):
        raise _fail(source, "person_columns must be true or false")
    columns = _columns(source, data.get("columns"), person=False)
    if data.get("person_columns", False):
        columns += person_columns
    seen: dict[str, str] = {}
    for column in columns:
        for key in column.keys:
            if key in seen:
                raise _fail(
                    source,
                    f"column {column.name!r} and {seen[key]!r} both answer to the header {key!r}",
                )
            seen[key] = column.name
    return FeedSpec(
        kind=kind,
        title=data["title"].strip(),
        event_kind=event_kind,
        senders=senders,
        description=" ".join(data["description"].split()),
        columns=columns,
        _by_name=MappingProxyType({c.name: c for c in columns}),
    )


def load_specs() -> dict[str, FeedSpec]:
    """Read and check every format file; raise :class:`FeedSpecError` on the first problem."""
    directory = files(FORMATS_PACKAGE).joinpath(FORMATS_DIR)
    person = _load_yaml(PERSON_FILE)
    if set(person) != {"columns"}:
        raise _fail(PERSON_FILE, "must hold only a columns list")
    person_columns = _columns(PERSON_FILE, person["columns"], person=True)
    names = sorted(
        entry.name
        for entry in directory.iterdir()
        if entry.name.endswith(".yaml") and not entry.name.startswith("_")
    )
    if not names:
        raise FeedSpecError(f"no feed formats found in {FORMATS_PACKAGE}/{FORMATS_DIR}")
    return {
        name.removesuffix(".yaml"): _feed(name, _load_yaml(name), person_columns) for name in names
    }


#: Every feed kind, by its ``kind`` name, in alphabetical order.
FEEDS: Mapping[str, FeedSpec] = MappingProxyType(load_specs())


def get_spec(kind: str) -> FeedSpec:
    """The format of ``kind``; :class:`UnknownFeedKind` lists the known kinds."""
    try:
        return FEEDS[kind]
    except KeyError:
        raise UnknownFeedKind(kind, tuple(FEEDS)) from None
