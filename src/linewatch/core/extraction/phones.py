"""Phone numbers in free text, found by libphonenumber's matcher and normalised to E.164.

The matcher runs at ``POSSIBLE`` leniency (region GB), the only level that finds the Ofcom
drama mobiles (07700 900xxx) and numbers written in unusual groupings ("0770 0900 123");
everything it finds is then checked with :func:`linewatch.feeds.values.parse_phone`, the
rule the bulk feeds use (valid to libphonenumber, or a drama mobile), and refused when it
sits inside a reference ("LE/ASB/2020/000123"), follows a currency sign, or is a bare number
with neither ``0`` nor ``+`` in front (except a 10-digit ``7…`` UK mobile written without its
``0``, suggested with lower confidence).

For speed the matcher reads only runs of digit groups (joined by spaces, hyphens or dots)
holding at least nine digits, never the prose around them. It reads a list of numbers
separated only by spaces ("07123 456789 07911 123456") as one over-long candidate and gives
up, so groups it leaves uncovered, and runs of more than eight groups, are split here, left to
right, taking the longest run of groups (up to five) that is a number.

>>> [(s.text, s.value) for s in find_phones("deal line 07700 900123, 7700900456 or £250.00")]
[('07700 900123', '+447700900123'), ('7700900456', '+447700900456')]
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType

from linewatch.core.extraction.suggestion import Suggestion, confidence
from linewatch.feeds.errors import InvalidValue
from linewatch.feeds.values import parse_phone

__all__ = ["find_phones"]

_BARE_UK_MOBILE = re.compile(r"7\d{9}")
_NOT_DIGIT = re.compile(r"\D")
_DIGIT_GROUP = re.compile(r"\+?\(?\d[\d()]*")
_GROUP_GAP = re.compile(r"[ \t]{1,2}|[ \t]?[-.][ \t]?")
_MAX_GROUPS = 5
# Fewer digits than this is never a phone worth suggesting (the shortest UK numbers written
# with their 0 have 10); runs with more groups than _MATCHER_GROUPS are lists of numbers.
_MIN_DIGITS = 9
_MAX_DIGITS = 17
_MATCHER_GROUPS = 8
_CURRENCY = "£$€¥"
_JOINERS = "/\\-_."
# Words that make a number more likely to be a phone when they come just before it.
_CUE = re.compile(
    r"\b(?:tel|telephone|phone|landline|mob|mobile|number|no|line|call(?:ed|ing)?|text(?:ed|ing)?|"
    r"rang|ring|contact|whatsapp|snapchat|sim|handset)\b\W{0,3}(?:\w+\W{1,3}){0,2}$",
    re.IGNORECASE,
)
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.UNKNOWN)


def _inside_reference(text: str, start: int, end: int) -> bool:
    """Whether the number is glued to letters or digits, or sits inside a lettered reference."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum() or before == "_" or after == "_":
        return True
    if before in _CURRENCY:
        return True
    token_start, token_end = start, end
    while token_start > 0 and not text[token_start - 1].isspace():
        token_start -= 1
    while token_end < len(text) and not text[token_end].isspace():
        token_end += 1
    around = text[token_start:start] + " " + text[end:token_end]
    joined_before = before in _JOINERS and start >= 2 and text[start - 2].isalnum()
    joined_after = after in _JOINERS and end + 1 < len(text) and text[end + 1].isalnum()
    if not (joined_before or joined_after):
        return False
    # "07700 900123/07700 900456" is a list of phones; "LE/ASB/2020/000123" is a reference.
    return any(c.isalpha() for c in around) or "-" in around


def _describe(e164: str) -> tuple[float, str]:
    number = phonenumbers.parse(e164)
    if number.country_code != 44:
        region = phonenumbers.region_code_for_number(number) or "unknown region"
        return 0.8, f"international number (+{number.country_code}, {region})"
    if e164.startswith("+447700900"):
        return 0.9, "UK mobile (Ofcom drama range)"
    if phonenumbers.number_type(number) in _MOBILE_TYPES or e164.startswith("+447"):
        return 0.9, "UK mobile"
    return 0.85, "UK landline or non-geographic number"


def _suggest(text: str, raw: str, start: int, end: int) -> Suggestion | None:
    digits = _NOT_DIGIT.sub("", raw)
    bare = raw.lstrip("(")[:1] not in ("0", "+")
    if bare and not _BARE_UK_MOBILE.fullmatch(digits):
        return None
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS or _inside_reference(text, start, end):
        return None
    try:
        e164 = parse_phone("0" + digits if bare else raw)
    except InvalidValue:
        return None
    score, reason = _describe(e164)
    if bare:
        score, reason = 0.6, "UK mobile written without its leading 0"
    if _CUE.search(text, max(0, start - 40), start):
        score, reason = score + 0.05, reason + "; follows a word such as 'line' or 'phone'"
    return Suggestion("phone", raw, e164, start, end, confidence(score), reason)


def _digit_runs(text: str) -> list[list[tuple[int, int]]]:
    """Spans of digit groups, grouped into runs joined only by spaces, hyphens or dots."""
    runs: list[list[tuple[int, int]]] = []
    previous_end = -10
    for group in _DIGIT_GROUP.finditer(text):
        if runs and _GROUP_GAP.fullmatch(text, previous_end, group.start()):
            runs[-1].append(group.span())
        else:
            runs.append([group.span()])
        previous_end = group.end()
    return runs


def _uncovered(
    run: list[tuple[int, int]], covered: list[tuple[int, int]]
) -> list[list[tuple[int, int]]]:
    pieces: list[list[tuple[int, int]]] = [[]]
    for start, end in run:
        if any(a < end and start < b for a, b in covered):
            pieces.append([])
        else:
            pieces[-1].append((start, end))
    return [piece for piece in pieces if piece]


def _split(text: str, run: list[tuple[int, int]]) -> list[Suggestion]:
    extra: list[Suggestion] = []
    counts = [sum(c.isdigit() for c in text[a:b]) for a, b in run]
    i = 0
    while i < len(run):
        if text[run[i][0]] not in "0+(7":
            i += 1  # neither 0, + nor a bare 7... mobile can start here
            continue
        for j in range(min(len(run), i + _MAX_GROUPS), i, -1):
            if not _MIN_DIGITS <= sum(counts[i:j]) <= _MAX_DIGITS:
                continue
            start, end = run[i][0], run[j - 1][1]
            suggestion = _suggest(text, text[start:end], start, end)
            if suggestion is not None:
                extra.append(suggestion)
                i = j
                break
        else:
            i += 1
    return extra


def _matched(text: str, start: int, end: int) -> list[Suggestion]:
    whole = _suggest(text, text[start:end], start, end)
    if whole is not None:
        return [whole]  # the usual case, and far quicker than the matcher
    found = []
    for match in PhoneNumberMatcher(text[start:end], "GB", leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        suggestion = _suggest(text, raw, start + match.start, start + match.end)
        if suggestion is not None:
            found.append(suggestion)
    return found


def find_phones(text: str) -> list[Suggestion]:
    """Every phone number in ``text``, in order, as E.164 suggestions."""
    found: list[Suggestion] = []
    for run in _digit_runs(text):
        start, end = run[0][0], run[-1][1]
        if sum(c.isdigit() for c in text[start:end]) < _MIN_DIGITS:
            continue
        # The matcher reads only the digit run (it is slow on long prose); context checks
        # in _suggest still look at the whole text.
        matched = _matched(text, start, end) if len(run) <= _MATCHER_GROUPS else []
        covered = [(s.start, s.end) for s in matched]
        found.extend(matched)
        for piece in _uncovered(run, covered):
            found.extend(_split(text, piece))
    return sorted(found, key=lambda s: s.start)
