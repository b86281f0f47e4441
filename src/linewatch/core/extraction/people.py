"""Candidate people's names in free text, for an analyst to confirm.

Four shapes are found, each with its own confidence:

* ``Jayden SMITH`` / ``Jayden Smith`` / ``Mary-Jane O'Brien``: a given name from the packaged
  list, then one or two capitalised words (0.75; 0.85 when the surname is in capitals, the
  police convention). A given name *not* in the list counts only when the surname is in
  capitals (0.55).
* ``SMITH, Jayden``: a surname in capitals, a comma, a forename (0.8 if the forename is in
  the list, else 0.55).
* ``Mr Smith``, ``Mrs Jo SMITH``: a title and a surname (0.7; 0.9 with a known forename).
* nicknames: ``known as 'Jay'``, ``aka Kev``, ``calls himself "Shotz"`` (0.7 quoted, 0.6 not),
  and a quoted given name on its own such as ``'Kev'`` (0.45).

Words that are places (LLR towns and authorities), street types, car makes, colours, days,
months and common report words are never a name, so "Leicester Road" is not a person.

>>> [(s.value, s.confidence) for s in find_people("Male known as 'Jay' (Jayden SMITH, 15)")]
[('Jay', 0.7), ('Jayden Smith', 0.85)]
"""

from __future__ import annotations

import re

from linewatch.core.extraction.suggestion import Suggestion, confidence, keep_first
from linewatch.core.extraction.vocabulary import NOT_NAMES, STREET_TYPES, given_names

__all__ = ["find_people", "tidy_name"]

_TITLE_WORD = r"(?:O'|D'|Mc|Mac)?[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?"
_CAPS_WORD = r"(?:O'|D')?[A-Z]{2,}(?:['-][A-Z]{2,})?"
_WORD = rf"(?:{_TITLE_WORD}|{_CAPS_WORD})"
_B = r"(?<![\w'])"
_E = r"(?![\w'/]|-\d)"

_FULL_NAME = re.compile(rf"{_B}(?P<given>{_WORD})(?P<rest>(?: {_WORD}){{1,2}}){_E}")
_SURNAME_FIRST = re.compile(
    rf"{_B}(?P<surname>{_CAPS_WORD}), (?P<given>{_TITLE_WORD})(?P<middle> {_TITLE_WORD})?{_E}"
)
_TITLED = re.compile(rf"{_B}(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr)\.? (?P<names>{_WORD}(?: {_WORD})?){_E}")
_ALIAS_CUE = (
    r"(?i:known as|aka|a\.k\.a\.?|goes by|nicknamed|street name|calls (?:himself|herself|"
    r"themselves))"
)
_ALIAS = re.compile(
    rf"\b(?P<cue>{_ALIAS_CUE})\s*[:\-]?\s*(?:(?P<q>['\"‘“])(?P<quoted>[^'\"’”\n]{{1,30}})"
    rf"['\"’”]|(?P<bare>{_WORD}(?: {_WORD})?){_E})"
)
_NEXT_WORD = re.compile(r"[ ,]*([A-Za-z]+)")
_QUOTED_GIVEN = re.compile(rf"(?<![\w'])['\"‘“](?P<name>{_TITLE_WORD})['\"’”](?![\w])")


def tidy_name(text: str) -> str:
    """A name as it would be filed: each part capitalised, single spaces.

    >>> tidy_name("O'BRIEN  mary-jane")
    "O'Brien Mary-Jane"
    """
    words = []
    for word in text.split():
        if word.isupper() or word.islower():
            word = re.sub(r"[A-Za-z]+", lambda m: m.group().capitalize(), word)
        words.append(word)
    return " ".join(words)


def _is_name_word(word: str) -> bool:
    return word.lower() not in NOT_NAMES


def _is_caps(word: str) -> bool:
    # Three letters at least: two-letter capitals are far more often codes ("LE", "OT").
    return word.isupper() and len(word.replace("'", "").replace("-", "")) >= 3


def _full_names(text: str) -> list[Suggestion]:
    found = []
    names = given_names()
    position = 0
    while match := _FULL_NAME.search(text, position):
        given, rest = match["given"], match["rest"].split()
        while rest and not _is_name_word(rest[-1]):
            rest.pop()  # "Kevin Smith Road" -> no; "Jayden SMITH Police" -> "Jayden SMITH"
        surname = rest[-1] if rest else ""
        ok = rest and _is_name_word(given) and all(_is_name_word(w) for w in rest)
        ok = ok and not (given.isupper() and not all(w.isupper() for w in rest))
        known = given.lower() in names
        if not ok or not (known or (_is_caps(surname) and not given.isupper())):
            position = match.start() + len(given) + 1
            continue
        end = match.start() + len(given) + len(" ".join(rest)) + 1
        following = _NEXT_WORD.match(text, end)
        if following and following[1].lower() in STREET_TYPES and following.start(1) == end + 1:
            position = end  # "Kevin Smith Road" is a street
            continue
        if known:
            score = 0.85 if _is_caps(surname) and not given.isupper() else 0.75
            reason = "known given name and a capitalised surname"
        else:
            score, reason = 0.55, "capitalised name with the surname in capitals"
        raw = text[match.start() : end]
        found.append(
            Suggestion("person", raw, tidy_name(raw), match.start(), end, score, reason)
        )  # fmt: skip
        position = end
    return found


def _surname_first(text: str) -> list[Suggestion]:
    found = []
    for match in _SURNAME_FIRST.finditer(text):
        surname, given = match["surname"], match["given"]
        middle = (match["middle"] or "").strip()
        if not all(_is_name_word(w) for w in (surname, given, middle) if w):
            continue
        known = given.lower() in given_names()
        score = 0.8 if known else 0.55
        value = tidy_name(" ".join(w for w in (given, middle, surname) if w))
        found.append(
            Suggestion(
                "person", match.group(), value, match.start(), match.end(), score,
                "surname in capitals, then forename" + (" (known given name)" if known else ""),
            )
        )  # fmt: skip
    return found


def _titled(text: str) -> list[Suggestion]:
    found = []
    for match in _TITLED.finditer(text):
        words = match["names"].split()
        while words and not _is_name_word(words[-1]):
            words.pop()
        if not words or not all(_is_name_word(w) for w in words):
            continue
        end = match.start("names") + len(" ".join(words))
        raw = text[match.start() : end]
        forename = len(words) > 1 and words[0].lower() in given_names()
        found.append(
            Suggestion(
                "person", raw, f"{match['title']} {tidy_name(' '.join(words))}",
                match.start(), end, 0.9 if forename else 0.7,
                f"title {match['title']!r} and a surname"
                + (", known given name" if forename else ""),
            )
        )  # fmt: skip
    return found


def _aliases(text: str) -> list[Suggestion]:
    found = []
    for match in _ALIAS.finditer(text):
        group = "quoted" if match["quoted"] is not None else "bare"
        raw = match[group]
        stripped = raw.strip()
        start = match.start(group) + raw.index(stripped[:1]) if stripped else 0
        if not stripped or not any(c.isalpha() for c in stripped):
            continue
        if group == "bare" and not all(_is_name_word(w) for w in stripped.split()):
            continue
        score = 0.7 if group == "quoted" else 0.6
        found.append(
            Suggestion(
                "person", stripped, stripped, start, start + len(stripped), confidence(score),
                f"nickname after {match['cue']!r}",
            )
        )  # fmt: skip
    taken = {s.start for s in found}
    for match in _QUOTED_GIVEN.finditer(text):
        name = match["name"]
        start, end = match.span("name")
        if name.lower() in given_names() and start not in taken:
            found.append(
                Suggestion("person", name, name, start, end, 0.45, "quoted given name")
            )  # fmt: skip
    return found


def find_people(text: str) -> list[Suggestion]:
    """Candidate names and nicknames in ``text``, in order; overlaps keep the surer one."""
    candidates = _aliases(text) + _surname_first(text) + _titled(text) + _full_names(text)
    return keep_first(sorted(candidates, key=lambda s: (-s.confidence, s.start)))
