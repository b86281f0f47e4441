"""Candidate addresses in free text: a house number, a street name and a street type.

``12 Elm Street``, ``Flat 3, 24 Rose Court``, ``12a Ashby Road, Loughborough LE11 3TU``: an
optional flat or unit, a house number (``12``, ``12a``, ``12-14``), one to four capitalised
words and a street type (Road, Street, Close, Court, ... or Rd, St, Ave ...), then optionally
an LLR town and a postcode. The value is tidied (street type written out, town as it is
spelled in :data:`linewatch.core.geography.TOWNS`, postcode normalised) and ``parts`` holds
each piece, so a caller can match the postcode or town on its own.

Confidence starts at 0.6; a flat adds 0.05, a town 0.15 and a postcode 0.2 (at most 0.95).

>>> [s.value for s in find_addresses("seen at 12a ashby Road, 12A Ashby Rd, Loughborough")]
['12A Ashby Road, Loughborough']
"""

from __future__ import annotations

import re

from linewatch.core.extraction.suggestion import Suggestion, confidence
from linewatch.core.extraction.vocabulary import STREET_TYPES
from linewatch.core.geography import TOWNS, is_valid_postcode, lookup_town, normalise_postcode

__all__ = ["find_addresses"]

_TOWN_NAMES = sorted((t.name for t in TOWNS), key=len, reverse=True)
_TOWN = "|".join(re.escape(name) for name in _TOWN_NAMES)


def _alternatives(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join([w.capitalize() for w in ordered] + [w.upper() for w in ordered])


_FULL_TYPE = _alternatives([w for w, full in STREET_TYPES.items() if w == full.lower()])
_SHORT_TYPE = _alternatives([w for w, full in STREET_TYPES.items() if w != full.lower()])
_NAME_WORD = r"(?:[A-Z][a-z]+(?:['’][a-z]+|-[A-Za-z]+)*|[A-Z]{2,}(?:['’-][A-Z]+)*|St\.?)"
_POSTCODE = r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[ ]?[0-9][A-Za-z]{2}"
_ADDRESS = re.compile(
    rf"""
    (?<![\w/:.£$€-])
    (?:(?P<flat>(?i:flat|apartment|apt|unit|room)\.?\s+[0-9]{{1,4}}[A-Za-z]?)\s*,?\s+)?
    (?P<number>[0-9]{{1,4}}[A-Za-z]?(?:\s?-\s?[0-9]{{1,4}}[A-Za-z]?)?)\s+
    (?P<street>{_NAME_WORD}(?:\s{_NAME_WORD}){{0,3}}?)\s
    (?:(?P<type>{_FULL_TYPE})\b|(?P<short>{_SHORT_TYPE})\b\.?)
    (?:,?\s(?:(?P<town>(?i:{_TOWN}))(?![\w-])
              |(?P<place>[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?)(?=,?\s{_POSTCODE}(?![A-Za-z0-9]))))?
    (?:,?\s(?P<postcode>{_POSTCODE})(?![A-Za-z0-9]))?
    """,
    re.VERBOSE,
)


def _tidy(words: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in words.split())


def find_addresses(text: str) -> list[Suggestion]:
    """Candidate addresses in ``text``, in order."""
    found = []
    for match in _ADDRESS.finditer(text):
        postcode = match["postcode"]
        if postcode and is_valid_postcode(postcode):
            end = match.end("postcode")
        else:
            postcode = None
            last = next(g for g in ("place", "town", "short", "type") if match[g])
            end = match.end(last if last != "place" else "short" if match["short"] else "type")
        parts: list[tuple[str, str]] = []
        score, reasons = 0.6, ["house number, street name and street type"]
        if match["flat"]:
            parts.append(("flat", " ".join(match["flat"].split()).capitalize()))
            score += 0.05
        parts.append(("number", match["number"].replace(" ", "").upper()))
        street_type = STREET_TYPES[(match["type"] or match["short"]).lower()]
        parts.append(("street", f"{_tidy(match['street'])} {street_type}"))
        if match["town"]:
            parts.append(("town", lookup_town(match["town"]).name))
            score += 0.15
            reasons.append("an LLR town")
        elif match["place"] and postcode:
            parts.append(("town", _tidy(match["place"])))
            score += 0.1
            reasons.append("a place name")
        if postcode:
            parts.append(("postcode", normalise_postcode(postcode)))
            score += 0.2
            reasons.append("a postcode")
        pieces = dict(parts)
        line = f"{pieces['number']} {pieces['street']}"
        value = ", ".join(
            p for p in (pieces.get("flat"), line, pieces.get("town"), pieces.get("postcode")) if p
        )
        raw = text[match.start() : end]
        found.append(
            Suggestion(
                "address", raw, value, match.start(), end, confidence(min(score, 0.95)),
                " with ".join([reasons[0], " and ".join(reasons[1:])]) if reasons[1:]
                else reasons[0],
                tuple(parts),
            )
        )  # fmt: skip
    return found
