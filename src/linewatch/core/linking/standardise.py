"""Turning :class:`PersonRecord` objects into the standardised table Splink compares.

One row per record; blank or unreadable values become nulls so Splink's null level fires.
Columns (all text): ``unique_id``; first name ``first_name``, ``first_canon`` (the formal
name of a nickname), ``first_forms`` (``|``-delimited name and formal names),
``first_bar`` (``|name|``), ``first_key`` (phonetic), ``first_initial`` (of the formal
name); surname ``surname``, ``surname_1``/``surname_2`` (first and last part of a
double-barrelled name), ``surname_key``, ``surname_initial`` (the initials only narrow
blocking on big inputs); ``alias_names`` (``|``-delimited aliases' words and their formal names);
``dob``, ``dob_year``, ``dob_month``, ``dob_day``; ``gender``; ``address``,
``address_number``, ``address_street``; ``postcode``, ``postcode_sector``,
``postcode_district``; ``town``; ``phone`` (E.164).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
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
    "first_bar",
    "first_key",
    "first_initial",
    "surname",
    "surname_1",
    "surname_2",
    "surname_key",
    "surname_initial",
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


def _first_name_columns(raw: str) -> tuple[str | None, ...]:
    first, _middle = standard_first_name(raw)
    if not first:
        return (None, None, None, None, None, None)
    forms = name_forms(first)
    canon = canonical_first_name(first)
    return (
        first,
        canon,
        "|" + "|".join(sorted(forms)) + "|",
        f"|{first}|",
        _or_none(phonetic_key(first)),
        canon[:1],
    )


def _surname_columns(raw: str) -> tuple[str | None, ...]:
    surname, parts = standard_surname(raw)
    if not surname:
        return (None, None, None, None, None)
    return (surname, parts[0], parts[-1], _or_none(phonetic_key(surname)), surname[:1])


def _dob_columns(raw: str) -> tuple[str | None, ...]:
    dob = parse_dob(raw)
    return (
        dob.iso,
        None if dob.year is None else str(dob.year),
        None if dob.month is None else str(dob.month),
        None if dob.day is None else str(dob.day),
    )


# A UK mobile in any common writing (07..., +447..., 00447..., 7...): its E.164 form is
# plain string work, the same answer normalise_phone gives, without parsing metadata.
_MOBILE = re.compile(r"(?:\+44|0044|0)?(7\d{9})")
_NOT_PHONE_DIGIT = re.compile(r"[^\d+]")


def _phone(raw: str) -> str | None:
    if mobile := _MOBILE.fullmatch(_NOT_PHONE_DIGIT.sub("", raw)):
        return "+44" + mobile[1]
    return normalise_phone(raw) if raw.strip() else None


# Each raw field → the standard columns it makes and the function making them (per value).
_DERIVED: tuple[tuple[str, tuple[str, ...], Callable[[str], tuple[str | None, ...]]], ...] = (
    (
        "first_name",
        ("first_name", "first_canon", "first_forms", "first_bar", "first_key", "first_initial"),
        _first_name_columns,
    ),
    (
        "surname",
        ("surname", "surname_1", "surname_2", "surname_key", "surname_initial"),
        _surname_columns,
    ),
    ("dob", ("dob", "dob_year", "dob_month", "dob_day"), _dob_columns),
    ("gender", ("gender",), lambda raw: (_GENDERS.get(clean_text(raw)),)),
    ("address", ("address", "address_number", "address_street"), standard_address),
    ("postcode", ("postcode", "postcode_sector", "postcode_district"), standard_postcode),
    ("town", ("town",), lambda raw: (_or_none(clean_text(raw)),)),
    ("phone", ("phone",), lambda raw: (_phone(raw),)),
)


def standard_row(record: PersonRecord) -> dict[str, Any]:
    """The standardised columns of one record (see the module docstring)."""
    row: dict[str, Any] = {"unique_id": record.record_id}
    for field, columns, derive in _DERIVED:
        row.update(zip(columns, derive(getattr(record, field)), strict=True))
    row["alias_names"] = _alias_names(record.aliases)
    return {column: row[column] for column in COLUMNS}


def standardise_records(records: Sequence[PersonRecord]) -> pd.DataFrame:
    """The standardised table for ``records``, one row each, columns :data:`COLUMNS`.

    Each distinct raw value is standardised once (names, dates and postcodes repeat a
    lot), so a million records cost what their distinct values cost.
    """
    data: dict[str, Any] = {"unique_id": [record.record_id for record in records]}
    for field, columns, derive in _DERIVED:
        codes, distinct = pd.factorize(
            pd.Series([getattr(r, field) for r in records], dtype=object)
        )
        derived = [derive(value) for value in distinct]
        for index, column in enumerate(columns):
            values = np.array([row[index] for row in derived] + [None], dtype=object)
            data[column] = values[codes]
    codes, distinct = pd.factorize(pd.Series([r.aliases for r in records], dtype=object))
    data["alias_names"] = np.array([_alias_names(v) for v in distinct] + [None], dtype=object)[
        codes
    ]
    return pd.DataFrame({column: data[column] for column in COLUMNS}, dtype="object")
