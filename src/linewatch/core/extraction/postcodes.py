"""UK postcodes in free text: full postcodes as suggestions, outward codes as area hints.

A full postcode (``LE11 5DX``, ``le115dx``) is checked with
:func:`linewatch.core.geography.is_valid_postcode` and normalised; one in the packaged LLR
postcode list (:func:`linewatch.core.geography.postcode_index`) scores higher. An outward code
on its own (``LE11``) names a district, not an address: it is suggested with low confidence,
and only for two-letter postcode areas written in capitals (so the A1 and M1 roads are not).

>>> [(s.value, s.confidence) for s in find_postcodes("seen in LE11 and at le11 5dx")]
[('LE11', 0.4), ('LE11 5DX', 0.8)]
"""

from __future__ import annotations

import re

from linewatch.core.extraction.suggestion import Suggestion, confidence
from linewatch.core.extraction.vocabulary import word_set
from linewatch.core.geography import is_valid_postcode, normalise_postcode, postcode_index

__all__ = ["FULL_POSTCODE", "UK_POSTCODE_AREAS", "find_postcodes"]

#: A full postcode, any case, the space optional; checked further by ``is_valid_postcode``.
FULL_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}(?![A-Za-z0-9])"
)
_OUTWARD_ONLY = re.compile(r"(?<![A-Za-z0-9/\-])([A-Z]{2})[0-9]{1,2}[A-Z]?(?![A-Za-z0-9/\-])")

#: The two-letter UK postcode areas (single-letter areas are left out of outward-only hints).
UK_POSTCODE_AREAS: frozenset[str] = word_set(
    """AB AL BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT
    DY EC EH EN EX FK FY GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY LA LD LE
    LL LN LS LU ME MK ML NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM SA SE SG SK SL SM
    SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB WA WC WD WF WN WR WS WV YO ZE"""
)


def _full(text: str) -> list[Suggestion]:
    found = []
    for match in FULL_POSTCODE.finditer(text):
        raw = match.group()
        if not is_valid_postcode(raw):
            continue
        value = normalise_postcode(raw)
        score, reasons = 0.9, ["UK postcode"]
        if not raw.isupper():
            score, reasons = 0.75, ["UK postcode written in lower case"]
        if " " not in raw:
            score -= 0.05
            reasons.append("written without its space")
        if value in postcode_index():
            score += 0.05
            reasons.append("in the LLR postcode list")
        found.append(
            Suggestion(
                "postcode", raw, value, match.start(), match.end(), confidence(score),
                "; ".join(reasons),
            )
        )  # fmt: skip
    return found


def _outward(text: str, full: list[Suggestion]) -> list[Suggestion]:
    found = []
    for match in _OUTWARD_ONLY.finditer(text):
        start, end = match.span()
        if match[1] not in UK_POSTCODE_AREAS or not is_valid_postcode(match.group() + " 1AA"):
            continue
        if any(s.start <= start < s.end for s in full):
            continue
        found.append(
            Suggestion(
                "postcode", match.group(), match.group(), start, end, 0.4,
                f"outward code only (postcode district {match.group()}): an area, not an address",
            )
        )  # fmt: skip
    return found


def find_postcodes(text: str) -> list[Suggestion]:
    """Full postcodes and outward-only district codes in ``text``, in order."""
    full = _full(text)
    return sorted(full + _outward(text, full), key=lambda s: s.start)
