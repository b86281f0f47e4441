"""Turning :class:`PersonRecord` objects into the standardised table Splink compares.

One row per record; blank or unreadable values become nulls so Splink's null level fires.
Columns (all text): ``unique_id``; first-name ``first_name``, ``first_canon`` (formal name
for a nickname), ``first_forms`` (``|``-delimited name and formal names), ``first_key``
(phonetic); surname ``surname``, ``surname_1``/``surname_2`` (first and last part of a
double-barrelled name), ``surname_key``; ``alias_names`` (``|``-delimited aliases' words
and their formal names); ``dob``, ``dob_year``, ``dob_month``, ``dob_day``; ``gender``;
``address``, ``address_number``, ``address_street``; ``postcode``, ``postcode_sector``,
``postcode_district``; ``town``; ``phone`` (E.164).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import pandas as pd

from linewatch.core.geography.postcode_format import normalise_postcode
from linewatch.core.linking.dates import parse_dob
from linewatch.core.linking.names import (
    canonical_first_name,
    clean_text,
    name_forms,
    phonetic_key,
    standard_first_name,
    standard_surname,
)
from linewatch.core.linking.records import PersonRecord
from linewatch.core.search_terms import normalise_phone

__all__ = ["COLUMNS", "standard_address", "standard_postcode", "standardise_records"]

COLUMNS = (
    "unique_id",
    "first_name",
    "first_canon",
    "first_forms",
    "first_key",
    "surname",
    "surname_1",
    "surname_2",
    "surname_key",
    "alias_names",
    "dob",
    "dob_year",
    "dob_month",
    "dob_day",
    "gender",
    "address",
    "address_number",
    "address_street",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "town",
    "phone",
)

_STREET_WORDS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "cl": "close",
    "dr": "drive",
    "ln": "lane",
    "cres": "crescent",
    "cresc": "crescent",
    "gdns": "gardens",
    "gr": "grove",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
    "terr": "terrace",
    "pk": "park",
    "hse": "house",
    "flt": "flat",
    "apt": "flat",
    "apartment": "flat",
}
_GENDERS = {"m": "m", "male": "m", "man": "m", "boy": "m", "f": "f", "female": "f"}
_GENDERS |= {"woman": "f", "girl": "f"}


def _or_none(text: str) -> str | None:
    return text or None


@lru_cache(maxsize=200_000)
def standard_postcode(text: str) -> tuple[str | None, str | None, str | None]:
    """Postcode, sector and district: ``"le113tu"`` → ``("LE11 3TU", "LE11 3", "LE11")``.

    Text that is not a UK postcode (e.g. an Australian ``2615`` in FEBRL) is kept as its
    upper-cased, space-free self, with no sector or district.
    """
    raw = text.strip()
    if not raw:
        return None, None, None
    try:
        postcode = normalise_postcode(raw)
    except ValueError:
        compact = re.sub(r"\s+", "", raw.upper())
        return (compact or None), None, None
    outward, _, inward = postcode.partition(" ")
    return postcode, f"{outward} {inward[:1]}", outward


@lru_cache(maxsize=200_000)
def standard_address(text: str) -> tuple[str | None, str | None, str | None]:
    """Address words with street abbreviations spelt out, its house number and its street.

    ``"Flat 2, 14 Mill Rd."`` → ``("flat 2 14 mill road", "14", "mill road")``.
    """
    words = [_STREET_WORDS.get(word, word) for word in clean_text(text).split()]
    if not words:
        return None, None, None
    numbers = [index for index, word in enumerate(words) if re.fullmatch(r"\d+[a-z]?", word)]
    number = words[numbers[-1]] if numbers else None
    street_words = words[numbers[-1] + 1 :] if numbers else words
    street = " ".join(street_words) or None
    return " ".join(words), number, street


def _alias_names(aliases: Sequence[str]) -> str | None:
    forms: set[str] = set()
    for alias in aliases:
        for word in clean_text(alias).split():
            if not word.isdigit():
                forms |= name_forms(word)
    return "|" + "|".join(sorted(forms)) + "|" if forms else None


def standard_row(record: PersonRecord) -> dict[str, Any]:
    """The standardised columns of one record (see the module docstring)."""
    first, _middle = standard_first_name(record.first_name)
    surname, parts = standard_surname(record.surname)
    dob = parse_dob(record.dob)
    address, number, street = standard_address(record.address)
    postcode, sector, district = standard_postcode(record.postcode)
    forms = name_forms(first) if first else frozenset()
    return {
        "unique_id": record.record_id,
        "first_name": _or_none(first),
        "first_canon": _or_none(canonical_first_name(first)) if first else None,
        "first_forms": "|" + "|".join(sorted(forms)) + "|" if forms else None,
        "first_key": _or_none(phonetic_key(first)),
        "surname": _or_none(surname),
        "surname_1": parts[0] if parts else None,
        "surname_2": parts[-1] if len(parts) > 1 else (parts[0] if parts else None),
        "surname_key": _or_none(phonetic_key(surname)),
        "alias_names": _alias_names(record.aliases),
        "dob": dob.iso,
        "dob_year": str(dob.year) if dob.year is not None else None,
        "dob_month": str(dob.month) if dob.month is not None else None,
        "dob_day": str(dob.day) if dob.day is not None else None,
        "gender": _GENDERS.get(clean_text(record.gender)),
        "address": address,
        "address_number": number,
        "address_street": street,
        "postcode": postcode,
        "postcode_sector": sector,
        "postcode_district": district,
        "town": _or_none(clean_text(record.town)),
        "phone": normalise_phone(record.phone) if record.phone.strip() else None,
    }


def standardise_records(records: Sequence[PersonRecord]) -> pd.DataFrame:
    """The standardised table for ``records``, one row each, columns :data:`COLUMNS`."""
    rows = [standard_row(record) for record in records]
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype="object")
