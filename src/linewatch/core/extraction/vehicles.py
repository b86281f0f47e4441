"""Vehicle registration marks (VRMs) in free text.

A current-format mark (``AB12 CDE``: two letters, a DVLA age identifier, three letters)
written in capitals is distinctive enough on its own. Older prefix (``A123 BCD``), suffix
(``ABC 123D``) and dateless (``ABC 123``) marks look too much like references and words, so
they are suggested only just after a word that introduces a plate: *reg*, *registration*,
*VRM*, *index*, *plate*, *vehicle*, *car*, *van*. A postcode is never read as a plate, nor is
an English word with digits ("AND 123").

>>> [(s.value, s.confidence) for s in find_vrms("silver Fiesta reg AB12 CDE; LE11 3TU")]
[('AB12CDE', 0.95)]
"""

from __future__ import annotations

import re

from linewatch.core.extraction.suggestion import Suggestion
from linewatch.core.extraction.vocabulary import word_set
from linewatch.core.geography import is_valid_postcode
from linewatch.feeds.errors import InvalidValue
from linewatch.feeds.values import parse_vrm

__all__ = ["find_vrms"]

# Age identifiers 02-29 (March) and 51-79 (September) cover 2002 to 2029.
_AGE = r"(?:0[2-9]|[12][0-9]|5[1-9]|[67][0-9])"
_CURRENT = re.compile(
    rf"(?<![A-Za-z0-9])[A-HJ-PR-Y]{{2}}{_AGE} ?[A-HJ-PR-Z]{{3}}(?![A-Za-z0-9])", re.IGNORECASE
)
_CUE = re.compile(
    r"\b(?P<cue>reg(?:istration)?(?:\s+(?:no|number|mark))?|VRM|index|(?:number\s+)?plates?"
    r"|vehicle|car|van)\b\.?\s*[:#\-]?\s*",
    re.IGNORECASE,
)
_PLATE = re.compile(r"[A-Za-z0-9]{1,4}(?: ?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9])")
_STRONG_CUES = ("reg", "vrm", "index", "plate")
_PREFIX = re.compile(r"[A-Z]\d{1,3}[A-Z]{3}")
_SUFFIX = re.compile(r"[A-Z]{3}\d{1,3}[A-Z]")
# Words that, with a number after them, are prose rather than a dateless plate.
_WORDS = word_set(
    """A AN AND ARE AS AT BE BUT BY FOR FROM HAD HAS HE HER HIM HIS I IN IS IT ITS NO NOT OF
    ON OR OUT OVER SHE SO THE TO UP US WAS WE WHO WITH YOU AGE AGED ROOM FLAT UNIT DAY DAYS
    YEAR YEARS ONE TWO TEN MAY JUNE JULY JAN FEB MAR APR AUG SEP SEPT OCT NOV DEC"""
)


def _current(text: str) -> list[Suggestion]:
    found = []
    for match in _CURRENT.finditer(text):
        raw = match.group()
        window = _CUE.finditer(text, max(0, match.start() - 30), match.start())
        cue = next((c["cue"] for c in window if c.end() == match.start()), None)
        if not raw.isupper() and cue is None:
            continue
        score = 0.95 if cue else 0.85
        reason = "current-format registration (AB12 CDE)"
        if cue:
            reason += f" after {cue!r}"
        found.append(
            Suggestion(
                "vrm", raw, parse_vrm(raw), match.start(), match.end(), score, reason
            )
        )  # fmt: skip
    return found


def _older(text: str, current: list[Suggestion]) -> list[Suggestion]:
    found = []
    for cue in _CUE.finditer(text):
        plate = _PLATE.match(text, cue.end())
        if plate is None:
            continue
        raw, start, end = plate.group(), plate.start(), plate.end()
        strong = cue["cue"].lower().startswith(_STRONG_CUES)
        compact = raw.replace(" ", "")
        if any(s.start == start for s in current) or is_valid_postcode(raw):
            continue
        if not (any(c.isdigit() for c in compact) and any(c.isalpha() for c in compact)):
            continue
        if not raw.isupper() and not (strong and raw.islower()):
            continue
        try:
            value = parse_vrm(raw)
        except InvalidValue:
            continue
        if _PREFIX.fullmatch(value) or _SUFFIX.fullmatch(value):
            score, form = 0.8, "prefix or suffix registration"
        elif any(part.strip() in _WORDS for part in re.split(r"\d+", raw.upper())):
            continue
        else:
            score, form = 0.6, "dateless registration"
        if not strong:
            score -= 0.1
        found.append(
            Suggestion(
                "vrm", raw, value, start, end, round(score, 2), f"{form} after {cue['cue']!r}"
            )
        )
    return found


def find_vrms(text: str) -> list[Suggestion]:
    """Vehicle registrations in ``text``, in order, upper case without spaces."""
    current = _current(text)
    return sorted(current + _older(text, current), key=lambda s: s.start)
