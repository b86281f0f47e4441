"""Cross-field rules: checks on a whole row once every cell has parsed.

General rules apply to every kind whose columns they mention (dates in range, coordinate
pairs, the person block, date of birth before the event). Rules for one kind register
themselves with :func:`kind_rule`. A rule returns a sequence of :class:`Problem` (an empty
tuple when the row is fine: rules run on every row, and a generator per rule per row is
measurably slow); it never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from linewatch.feeds.spec import FeedSpec
from linewatch.feeds.values import LONDON, PartialDate

#: How far ahead of ``now`` a date may be before it counts as "in the future" (clock skew,
#: and agencies a timezone or a day ahead of the server).
CLOCK_SKEW = timedelta(days=1)
EARLIEST_YEAR = 1900
DATE_TYPES = frozenset({"date", "datetime", "month", "partial_date"})
COORDINATE_PAIRS = (("easting", "northing"), ("Longitude", "Latitude"), ("longitude", "latitude"))


class Problem(NamedTuple):
    """What a rule found: the column to point at (``None``: the row) and the message."""

    field: str | None
    message: str


Row = Mapping[str, Any]
Rule = Callable[[Row, datetime], Sequence[Problem]]
OK: tuple[Problem, ...] = ()

_KIND_RULES: dict[str, list[Rule]] = {}


def kind_rule(kind: str) -> Callable[[Rule], Rule]:
    """Register a rule for one feed kind."""

    def register(rule: Rule) -> Rule:
        _KIND_RULES.setdefault(kind, []).append(rule)
        return rule

    return register


def _as_date(value: object) -> date | None:
    """The London calendar day of a date-like value (a partial date's earliest day)."""
    if isinstance(value, datetime):
        return value.astimezone(LONDON).date()
    if isinstance(value, date):
        return value
    if isinstance(value, PartialDate):
        return value.earliest()
    return None


def _date_range_rule(columns: tuple[str, ...]) -> Rule:
    limits: dict[datetime, tuple[datetime, date]] = {}

    def dates_in_range(row: Row, now: datetime) -> Sequence[Problem]:
        if now not in limits:
            limits.clear()
            limits[now] = (now + CLOCK_SKEW, (now + CLOCK_SKEW).astimezone(LONDON).date())
        limit, limit_day = limits[now]
        problems: list[Problem] = []
        for name in columns:
            value = row.get(name)
            if value is None:
                continue
            if isinstance(value, datetime):
                future = value > limit
            else:
                day = _as_date(value)
                future = day is not None and day > limit_day
            if value.year < EARLIEST_YEAR:
                problems.append(Problem(name, f"{_show(value)} is before {EARLIEST_YEAR}"))
            elif future:
                problems.append(Problem(name, f"{_show(value)} is in the future"))
        return problems or OK

    return dates_in_range


def _show(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | PartialDate):
        return value.isoformat()
    return repr(value)


def _pair_rule(first: str, second: str) -> Rule:
    def both_or_neither(row: Row, now: datetime) -> Sequence[Problem]:
        if (row.get(first) is None) != (row.get(second) is None):
            return (pair_message(first, second, row.get(first)),)
        return OK

    return both_or_neither


def _person_rule(columns: tuple[str, ...]) -> Rule:
    def person_is_named(row: Row, now: datetime) -> Sequence[Problem]:
        if row.get("surname") is None and row.get("full_name") is None:
            given = [name for name in columns if row.get(name) not in (None, [])]
            if given:
                return (
                    Problem(
                        "surname",
                        f"a person is described ({', '.join(given)}) but "
                        "neither surname nor full_name is given",
                    ),
                )
        return OK

    return person_is_named


def _dob_rule(event: str) -> Rule:
    def born_before_event(row: Row, now: datetime) -> Sequence[Problem]:
        dob, when = row.get("dob"), _as_date(row.get(event))
        if isinstance(dob, PartialDate) and when is not None and dob.earliest() > when:
            return (
                Problem(
                    "dob", f"date of birth {dob.isoformat()} is after {event} {when.isoformat()}"
                ),
            )
        return OK

    return born_before_event


def event_column(spec: FeedSpec) -> str | None:
    """The column that dates the event: the first required date-like column, if any."""
    for column in spec.columns:
        if column.required and column.type in ("date", "datetime", "month"):
            return column.name
    return None


def coordinate_pairs(spec: FeedSpec) -> tuple[tuple[str, str], ...]:
    """The pairs of ``spec`` columns that must be given together."""
    return tuple(
        (first, second)
        for first, second in COORDINATE_PAIRS
        if spec.has_column(first) and spec.has_column(second)
    )


def pair_message(first: str, second: str, first_value: object) -> Problem:
    """The problem when only one of a coordinate pair is given."""
    given, missing = (first, second) if first_value is not None else (second, first)
    return Problem(missing, f"{given} is given without {missing}; give both or neither")


def rules_for(spec: FeedSpec, *, dates: bool = True, pairs: bool = True) -> tuple[Rule, ...]:
    """Every rule that applies to rows of ``spec``, general rules first.

    ``dates=False`` and ``pairs=False`` leave out the checks that the row parser makes
    inline (per cell, and with the coordinates).
    """
    rules: list[Rule] = []
    dated = tuple(c.name for c in spec.columns if c.type in DATE_TYPES)
    if dated and dates:
        rules.append(_date_range_rule(dated))
    for first, second in coordinate_pairs(spec) if pairs else ():
        rules.append(_pair_rule(first, second))
    # person_ref alone points at the agency's own person record; anything more describes
    # a person, who must then be named.
    person = tuple(c.name for c in spec.columns if c.person and c.name != "person_ref")
    if person:
        rules.append(_person_rule(person))
    event = event_column(spec)
    if spec.has_column("dob") and event is not None:
        rules.append(_dob_rule(event))
    rules.extend(_KIND_RULES.get(spec.kind, ()))
    return tuple(rules)


def check_row(rules: tuple[Rule, ...], row: Row, now: datetime) -> list[Problem]:
    """Every problem the rules find in one parsed row."""
    problems: list[Problem] = []
    for rule in rules:
        found = rule(row, now)
        if found:
            problems.extend(found)
    return problems


GRADING = ("source_evaluation", "intelligence_assessment", "handling_code")


@kind_rule("intelligence")
def grading_is_complete(row: Row, now: datetime) -> Sequence[Problem]:
    """A 3x5x2 grading is all three parts or none (ungraded rows go to the grading queue)."""
    given = [name for name in GRADING if row.get(name) is not None]
    if given and len(given) < len(GRADING):
        missing = [name for name in GRADING if name not in given]
        return (
            Problem(
                missing[0],
                f"a 3x5x2 grading needs all of {', '.join(GRADING)} or "
                f"none; missing {', '.join(missing)}",
            ),
        )
    return OK


@kind_rule("intelligence")
def conditions_with_handling_code_c(row: Row, now: datetime) -> Sequence[Problem]:
    """Handling code C (sharing with conditions) needs the conditions written down."""
    if row.get("handling_code") == "C" and row.get("handling_conditions") is None:
        return (Problem("handling_conditions", "handling code C needs handling_conditions"),)
    return OK


@kind_rule("missing-episodes")
def found_after_reported(row: Row, now: datetime) -> Sequence[Problem]:
    """A person is found after being reported missing."""
    found, reported = row.get("found_at"), row.get("reported_missing_at")
    if found is not None and reported is not None and found < reported:
        return (
            Problem(
                "found_at",
                f"found_at {_show(found)} is before reported_missing_at {_show(reported)}",
            ),
        )
    return OK


def utc_now() -> datetime:
    """The current time, aware, in UTC (the default ``now`` for the rules)."""
    return datetime.now(UTC)
