"""Phone numbers on a contact list, normalised to E.164 and sorted into sendable or not.

The rule is libphonenumber's (region GB): a number is *valid* when libphonenumber says so, and
*mobile* when its type is mobile (or, outside the UK, "fixed line or mobile"). Ofcom's drama
range 07700 900000-900999 is treated as a valid UK mobile, as the bulk feeds treat it
(``linewatch.feeds.values.parse_phone``): it is never allocated to a subscriber, so it is what
test lists and GOV.UK Notify's smoke tests use.

Speed: a seized handset's list repeats numbers, and almost every number is a UK one written
one of a few ways. :func:`check_number` caches by the text as written, and reads UK mobiles
with libphonenumber's own GB mobile pattern (the regular expression behind ``number_type``)
without building a ``PhoneNumber``; anything else goes through ``phonenumbers.parse``.
Both paths give the same answers (``tests/core/campaign`` checks it with hypothesis).

>>> check_number("07700 900123")
NumberCheck(e164='+447700900123', mobile=True, problem='')
>>> check_number("0116 249 6000").mobile
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

__all__ = ["NumberCheck", "check_number", "check_number_slowly"]

DRAMA_MOBILE_PREFIX = "+447700900"
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_MAX_TEXT = 60
_GB = phonenumbers.PhoneMetadata.metadata_for_region("GB")
_GB_MOBILE = re.compile(
    (_GB.mobile.national_number_pattern if _GB and _GB.mobile else None) or "(?!)"
)
# Text that is only digits, spaces, hyphens, dots, brackets and a leading plus.
_SIMPLE = re.compile(r"\+?[\d \-.()]+")
_PUNCTUATION = str.maketrans("", "", " -.()")


@dataclass(frozen=True)
class NumberCheck:
    """What a number as written turned out to be: its E.164 form, or why it has none."""

    e164: str
    mobile: bool
    problem: str = ""

    @property
    def valid(self) -> bool:
        return not self.problem


def _invalid(text: str, why: str = "") -> NumberCheck:
    shown = text.strip()[:_MAX_TEXT]
    if not shown:
        return NumberCheck("", False, "the phone number is empty")
    return NumberCheck("", False, f"{shown!r} is not a valid phone number{why}")


def _uk_national(text: str) -> str | None:
    """The UK national significant number of a simply written UK number, else None."""
    if not _SIMPLE.fullmatch(text):
        return None
    plus = text.startswith("+")
    digits = text.translate(_PUNCTUATION).lstrip("+")
    if not digits.isdigit():
        return None
    if plus:
        if not digits.startswith("44"):
            return None
        digits = digits[2:]
        if digits.startswith("0") and "(0)" in text:
            digits = digits[1:]
    elif digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("00"):
        return None  # another country's international prefix
    elif digits.startswith("0"):
        digits = digits[1:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = digits[2:]
    elif not (digits.startswith("7") and len(digits) == 10):
        return None
    if digits.startswith("0") or not 7 <= len(digits) <= 10:
        return None
    return digits


@lru_cache(maxsize=262_144)
def check_number(text: str) -> NumberCheck:
    """The number as E.164 with whether it can take an SMS, or the problem with it."""
    value = text.strip()
    national = _uk_national(value)
    if national is None:
        return check_number_slowly(value)
    e164 = "+44" + national
    if e164.startswith(DRAMA_MOBILE_PREFIX) and len(e164) == 13:
        return NumberCheck(e164, True)
    if _GB_MOBILE.fullmatch(national):
        return NumberCheck(e164, True)
    return check_number_slowly(value)  # landlines and the rest: rare on a handset's list


def check_number_slowly(text: str) -> NumberCheck:
    """The same answer as :func:`check_number`, always through ``phonenumbers.parse``."""
    value = text.strip()
    try:
        number = phonenumbers.parse(value[:100], "GB")
    except phonenumbers.NumberParseException:
        return _invalid(value)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164.startswith(DRAMA_MOBILE_PREFIX) and len(e164) == 13:
        return NumberCheck(e164, True)
    if not phonenumbers.is_valid_number(number):
        return _invalid(value)
    return NumberCheck(e164, phonenumbers.number_type(number) in _MOBILE_TYPES)
