"""One parser per column type (see ``formats/README.md``).

Each parser takes the text of one non-blank cell and returns the stored value, or raises
:class:`InvalidValue` with a message naming the bad value and what was expected. Parsers are
built once per column by :func:`build_parser` (choices, bounds and lengths bound in), so the
per-row work is a plain function call.

>>> parse_date("7/3/2021")
datetime.date(2021, 3, 7)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import phonenumbers

from linewatch.feeds.errors import InvalidValue

if TYPE_CHECKING:
    from linewatch.feeds.spec import ColumnSpec

Parser = Callable[[str], Any]

LONDON = ZoneInfo("Europe/London")
LIST_SEPARATOR = ";"

#: WGS84 bounds of the United Kingdom with a small margin (St Kilda to Lowestoft, the
#: Scilly Isles to Shetland). Catches swapped, truncated and wrong-CRS coordinates.
UK_LONGITUDE = (-8.7, 1.8)
UK_LATITUDE = (49.8, 60.9)
#: British National Grid extent of Great Britain, in metres.
GB_EASTING = (0, 700_000)
GB_NORTHING = (0, 1_300_000)

#: Ofcom numbers reserved for drama (never allocated to a subscriber). libphonenumber calls
#: them invalid, but synthetic people in the demo and tests need mobiles that can never be a
#: real person's, so the mobile drama range 07700 900000-900999 is accepted. (The landline
#: drama ranges, e.g. 0116 496 0000-0999, are valid numbers to libphonenumber already.)
_DRAMA_PREFIXES = ("+447700900",)

_DATE_FORMATS = "DD/MM/YYYY or YYYY-MM-DD"
_PARTIAL_DATE_FORMATS = "DD/MM/YYYY, YYYY-MM-DD, MM/YYYY, YYYY-MM or YYYY"
_DATETIME_FORMATS = (
    "YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM], YYYY-MM-DD HH:MM[:SS] or DD/MM/YYYY HH:MM[:SS]"
)

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"\d{4}")
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_UK_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_REF = re.compile(r"[A-Za-z0-9\-_/.:]{1,64}")
_FORBIDDEN_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&#?\w+;")
_CHOICE_SEPARATORS = re.compile(r"[\s\-]+")
_VRM = re.compile(
    r"[A-Z]{2}\d{2}[A-Z]{3}"  # current: AB12CDE
    r"|[A-Z]\d{1,3}[A-Z]{3}"  # prefix: A123BCD
    r"|[A-Z]{3}\d{1,3}[A-Z]"  # suffix: ABC123D
    r"|[A-Z]{1,3}\d{1,4}"  # dateless, Northern Ireland: ABC1234
    r"|\d{1,4}[A-Z]{1,3}"  # dateless reversed: 1234AB
)
_BOOLEANS = {
    "true": True,
    "false": False,
    "yes": True,
    "no": False,
    "y": True,
    "n": False,
    "1": True,
    "0": False,
}


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, e.g. a date of birth ``1990-05``.

    >>> PartialDate(1990, 5, None).isoformat()
    '1990-05'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a partial date with a day needs a month")
        date(self.year, self.month or 1, self.day or 1)  # raises ValueError when not real

    def isoformat(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def earliest(self) -> date:
        """The first day the partial date could be."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day the partial date could be."""
        if self.day is not None and self.month is not None:
            return date(self.year, self.month, self.day)
        if self.month is not None:
            following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - timedelta(days=1)
        return date(self.year, 12, 31)


def _real_date(year: str, month: str, day: str, text: str, expected: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidValue(f"{text!r} is not a real date (expected {expected})") from None


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``, ``DD/MM/YYYY``, ``D/M/YYYY``, ``DD-MM-YYYY`` or ``DD.MM.YYYY``."""
    value = text.strip()
    if match := _ISO_DATE.fullmatch(value):
        return _real_date(match[1], match[2], match[3], text, _DATE_FORMATS)
    if match := _UK_DATE.fullmatch(value):
        day, _, month, year = match.groups()
        return _real_date(year, month, day, text, _DATE_FORMATS)
    raise InvalidValue(f"{text!r} is not a date (expected {_DATE_FORMATS})")


def parse_partial_date(text: str) -> PartialDate:
    """As :func:`parse_date`, or ``YYYY-MM``, ``MM/YYYY`` or ``YYYY``."""
    value = text.strip()
    try:
        if match := _YEAR_MONTH.fullmatch(value):
            return PartialDate(int(match[1]), int(match[2]))
        if match := _MONTH_YEAR.fullmatch(value):
            return PartialDate(int(match[2]), int(match[1]))
        if _YEAR.fullmatch(value):
            return PartialDate(int(value))
    except ValueError:
        raise InvalidValue(
            f"{text!r} is not a real date (expected {_PARTIAL_DATE_FORMATS})"
        ) from None
    try:
        full = parse_date(value)
    except InvalidValue as exc:
        raise InvalidValue(exc.message.replace(_DATE_FORMATS, _PARTIAL_DATE_FORMATS)) from None
    return PartialDate(full.year, full.month, full.day)


def _offset(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(text: str) -> datetime:
    """An aware datetime in UTC; times without an offset are Europe/London wall-clock time."""
    value = text.strip()
    tz: timezone | ZoneInfo = LONDON
    try:
        if match := _ISO_DATETIME.fullmatch(value):
            year, month, day, hour, minute, second, fraction, offset = match.groups()
            if offset:
                tz = _offset(offset)
        elif match := _UK_DATETIME.fullmatch(value):
            day, month, year, hour, minute, second = match.groups()
            fraction = None
        else:
            raise InvalidValue(f"{text!r} is not a date and time (expected {_DATETIME_FORMATS})")
        micro = int((fraction or "0").ljust(6, "0"))
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            micro,
            tzinfo=tz,
        )
    except ValueError:
        raise InvalidValue(
            f"{text!r} is not a real date and time (expected {_DATETIME_FORMATS})"
        ) from None
    return moment.astimezone(UTC)


def parse_month(text: str) -> date:
    """``YYYY-MM``, stored as the first day of the month."""
    value = text.strip()
    if match := _YEAR_MONTH.fullmatch(value):
        try:
            return date(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    raise InvalidValue(f"{text!r} is not a month (expected YYYY-MM)")


def _bounded(value: Any, low: Decimal | None, high: Decimal | None, text: str) -> None:
    if low is not None and value < low:
        raise InvalidValue(f"{text!r} is below the minimum {low}")
    if high is not None and value > high:
        raise InvalidValue(f"{text!r} is above the maximum {high}")


def integer_parser(low: Decimal | None = None, high: Decimal | None = None) -> Parser:
    """A parser of whole numbers within ``low``..``high``."""

    def parse_integer(text: str) -> int:
        value = text.strip()
        if not _INTEGER.fullmatch(value) or len(value) > 30:
            raise InvalidValue(f"{text!r} is not a whole number")
        number = int(value)
        _bounded(number, low, high, text)
        return number

    return parse_integer


def decimal_parser(low: Decimal | None = None, high: Decimal | None = None) -> Parser:
    """A parser of plain decimal numbers (``12``, ``0.5``) within ``low``..``high``."""

    def parse_decimal(text: str) -> Decimal:
        value = text.strip()
        if not _DECIMAL.fullmatch(value) or len(value) > 40:
            raise InvalidValue(f"{text!r} is not a number (expected digits, e.g. 12 or 0.5)")
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
            raise InvalidValue(f"{text!r} is not a number") from None
        _bounded(number, low, high, text)
        return number

    return parse_decimal


def _float(text: str, what: str) -> float:
    # float() first: it is the fast path for a million police.uk coordinates; the checks after
    # refuse what float() takes but a feed should not (nan, inf, 1_000, over-long text).
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or "_" in text or len(text) > 40:
        raise InvalidValue(
            f"{text.strip()!r} is not a {what} (expected decimal degrees, e.g. -1.1398)"
        )
    return number


def parse_longitude(text: str) -> float:
    """WGS84 longitude in decimal degrees, inside the UK."""
    number = _float(text, "longitude")
    low, high = UK_LONGITUDE
    if not low <= number <= high:
        raise InvalidValue(f"longitude {text.strip()} is outside the UK ({low} to {high})")
    return number


def parse_latitude(text: str) -> float:
    """WGS84 latitude in decimal degrees, inside the UK."""
    number = _float(text, "latitude")
    low, high = UK_LATITUDE
    if not low <= number <= high:
        raise InvalidValue(f"latitude {text.strip()} is outside the UK ({low} to {high})")
    return number


def _grid(text: str, what: str, bounds: tuple[int, int]) -> int:
    value = text.strip()
    if not _DECIMAL.fullmatch(value) or len(value) > 40:
        raise InvalidValue(f"{text!r} is not a British National Grid {what} in metres")
    number = round(float(value))
    low, high = bounds
    if not low <= number <= high:
        raise InvalidValue(f"{what} {value} is outside Great Britain ({low} to {high})")
    return number


def parse_easting(text: str) -> int:
    """British National Grid easting in whole metres."""
    return _grid(text, "easting", GB_EASTING)


def parse_northing(text: str) -> int:
    """British National Grid northing in whole metres."""
    return _grid(text, "northing", GB_NORTHING)


@lru_cache(maxsize=65_536)
def parse_postcode(text: str) -> str:
    """Any case and spacing of a UK postcode, normalised to ``LE11 3TU``."""
    from linewatch.core.geography import InvalidPostcode, normalise_postcode

    try:
        return normalise_postcode(text.strip())
    except InvalidPostcode:
        raise InvalidValue(f"{text.strip()!r} is not a UK postcode (e.g. LE11 3TU)") from None


@lru_cache(maxsize=65_536)
def parse_phone(text: str) -> str:
    """A UK or international phone number in any common format, as E.164."""
    value = text.strip()
    try:
        number = phonenumbers.parse(value[:100], "GB")
    except phonenumbers.NumberParseException:
        raise InvalidValue(f"{value!r} is not a valid phone number") from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(number) and not (
        e164.startswith(_DRAMA_PREFIXES) and len(e164) == 13
    ):
        raise InvalidValue(f"{value!r} is not a valid phone number")
    return e164


@lru_cache(maxsize=65_536)
def parse_vrm(text: str) -> str:
    """A UK vehicle registration, upper case without spaces."""
    value = "".join(text.split()).upper()
    if not _VRM.fullmatch(value):
        raise InvalidValue(f"{text.strip()!r} is not a UK vehicle registration (e.g. AB12 CDE)")
    return value


def parse_ref(text: str) -> str:
    """An identifier: 1-64 letters, digits and ``-_/.:``."""
    value = text.strip()
    if not _REF.fullmatch(value):
        raise InvalidValue(
            f"{value[:80]!r} is not a reference (expected 1-64 letters, digits or -_/.:)"
        )
    return value


def parse_bool(text: str) -> bool:
    """``true/false``, ``yes/no``, ``y/n`` or ``1/0``, any case."""
    try:
        return _BOOLEANS[text.strip().casefold()]
    except KeyError:
        raise InvalidValue(
            f"{text.strip()!r} is not true or false (expected true/false, yes/no, y/n or 1/0)"
        ) from None


def looks_like_html(text: str) -> bool:
    """Whether text holds HTML tags or entities (kept as text; flagged for reviewers)."""
    return ("<" in text or "&" in text) and _HTML.search(text) is not None


def text_parser(max_length: int | None = None) -> Parser:
    """A parser of free text: trimmed; control characters other than tab/newline rejected.

    HTML is kept exactly as written: it is data, never markup.
    """

    def parse_text(text: str) -> str:
        value = text.strip()
        if not value.isprintable() and (bad := _FORBIDDEN_CONTROLS.search(value)):
            position = bad.start() + 1
            raise InvalidValue(
                f"text has a control character {bad.group()!r} at position "
                f"{position}; only tab and newline are allowed"
            )
        if max_length is not None and len(value) > max_length:
            raise InvalidValue(f"text is {len(value)} characters long; the most is {max_length}")
        return value

    return parse_text


def choice_key(text: str) -> str:
    """How enum values are matched: case-folded, spaces and hyphens as ``_``."""
    return _CHOICE_SEPARATORS.sub("_", text.strip()).casefold()


def enum_parser(choices: Iterable[str]) -> Parser:
    """A parser of one of ``choices``, returned in its spec spelling."""
    canonical = {choice_key(c): c for c in choices}
    listed = ", ".join(canonical.values())

    def parse_enum(text: str) -> str:
        try:
            return canonical[choice_key(text)]
        except KeyError:
            raise InvalidValue(f"{text.strip()[:80]!r} is not one of: {listed}") from None

    return parse_enum


def list_parser(item: Parser) -> Parser:
    """A parser of ``;``-separated items, blanks skipped, duplicates dropped, order kept."""

    def parse_list(text: str) -> list[Any]:
        values: list[Any] = []
        for position, part in enumerate(text.split(LIST_SEPARATOR), start=1):
            if not part.strip():
                continue
            try:
                value = item(part)
            except InvalidValue as exc:
                raise InvalidValue(f"item {position}: {exc.message}") from None
            if value not in values:
                values.append(value)
        return values

    return parse_list


def _simple(parser: Parser) -> Callable[[ColumnSpec], Parser]:
    return lambda column: parser


#: How each column type's parser is built from its column.
PARSER_BUILDERS: dict[str, Callable[[ColumnSpec], Parser]] = {
    "text": lambda column: text_parser(column.max_length),
    "ref": _simple(parse_ref),
    "date": _simple(parse_date),
    "partial_date": _simple(parse_partial_date),
    "datetime": _simple(parse_datetime),
    "month": _simple(parse_month),
    "integer": lambda column: integer_parser(column.min, column.max),
    "decimal": lambda column: decimal_parser(column.min, column.max),
    "postcode": _simple(parse_postcode),
    "phone": _simple(parse_phone),
    "phone_list": _simple(list_parser(parse_phone)),
    "vrm": _simple(parse_vrm),
    "vrm_list": _simple(list_parser(parse_vrm)),
    "enum": lambda column: enum_parser(column.choices),
    "enum_list": lambda column: list_parser(enum_parser(column.choices)),
    "text_list": _simple(list_parser(text_parser())),
    "latitude": _simple(parse_latitude),
    "longitude": _simple(parse_longitude),
    "easting": _simple(parse_easting),
    "northing": _simple(parse_northing),
    "bool": _simple(parse_bool),
}

#: Every column type a format file may use.
COLUMN_TYPES: frozenset[str] = frozenset(PARSER_BUILDERS)


def build_parser(column: ColumnSpec) -> Parser:
    """The parser for ``column``'s type, with its choices, bounds and length bound in."""
    try:
        builder = PARSER_BUILDERS[column.type]
    except KeyError:
        raise ValueError(f"no parser for column type {column.type!r}") from None
    return builder(column)
