"""Phones: one entity per number however it was written (E.164 exact plus formatting variants).

A number that parses is keyed by its E.164 form (``07700 900123``, ``+447700900123``,
``7700900123`` and ``(0770) 0900123`` are one). A number that does not parse — kept raw by a
source that does not check — is keyed by its digits with a UK trunk ``0`` or ``0044`` read as
``44``, so two agencies' copies of the same wrong number still meet, but never an E.164 number
(a raw number is not a real one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from linewatch.core.linking.resolution import Resolution, resolve_by_key
from linewatch.core.search_terms import normalise_phone

__all__ = ["phone_key", "resolve_phones"]

_NOT_DIGIT = re.compile(r"\D")


def phone_key(text: str) -> tuple[str, str] | None:
    """``(key, rule)`` for a number as written, or None when it holds no digit."""
    e164 = normalise_phone(text)
    if e164 is not None:
        return e164, ("E.164 exact" if text.strip() == e164 else "formatting variant")
    digits = _NOT_DIGIT.sub("", text)
    if not digits:
        return None
    if digits.startswith("0044"):
        digits = "44" + digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        digits = "44" + digits[1:]
    return f"raw:{digits}", "same digits (not a valid number)"


def resolve_phones(numbers: Mapping[int, str]) -> Resolution:
    """Group phone rows (id -> the number as stored) by :func:`phone_key`."""
    return resolve_by_key(numbers, phone_key)
