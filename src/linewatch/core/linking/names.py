"""Standardising UK names: case, punctuation, particles, double-barrelled surnames,
nicknames and a phonetic key that joins transliterations (Mohammed/Muhammad/Mohamed).

>>> standard_surname("O'Brien-Smith")
('obriensmith', ('obrien', 'smith'))
>>> phonetic_key("Mohammed") == phonetic_key("Muhammad") == phonetic_key("Mohamed")
True
>>> sorted(name_forms("Liz"))
['elizabeth', 'liz']
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "canonical_first_name",
    "clean_text",
    "name_forms",
    "nicknames",
    "phonetic_key",
    "standard_first_name",
    "standard_surname",
]

# Prefixes written apart, joined or with an apostrophe ("O Brien", "OBrien", "O'Brien").
_PARTICLES = frozenset(
    {"o", "mc", "mac", "st", "de", "di", "da", "del", "van", "von", "le", "la", "al", "el", "du"}
)
_NON_LETTERS = re.compile(r"[^a-z\s-]+")
_SEPARATORS = re.compile(r"[\s-]+")


@lru_cache(maxsize=200_000)
def clean_text(text: str) -> str:
    """Lower case ASCII letters, digits and single spaces; accents folded, punctuation gone.

    Apostrophes and full stops vanish without a space (``O'Brien`` → ``obrien``); other
    punctuation becomes a space.
    """
    folded = (
        unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    )
    folded = re.sub(r"['`.]", "", folded.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _name_parts(text: str) -> list[str]:
    folded = (
        unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    )
    letters = _NON_LETTERS.sub("", re.sub(r"['`.]", "", folded.lower()))
    raw = [part for part in _SEPARATORS.split(letters) if part]
    parts: list[str] = []
    carry = ""
    for part in raw:
        if part in _PARTICLES:
            carry += part
            continue
        parts.append(carry + part)
        carry = ""
    if carry:
        parts.append(carry)
    return parts


@lru_cache(maxsize=200_000)
def standard_surname(text: str) -> tuple[str, tuple[str, ...]]:
    """The surname as one lower-case word, and its parts (hyphenated or double-barrelled).

    ``"Smith-Jones"`` → ``("smithjones", ("smith", "jones"))``; ``"MacDonald"`` →
    ``("macdonald", ("macdonald",))``; blank → ``("", ())``.
    """
    parts = tuple(_name_parts(text))
    return "".join(parts), parts


@lru_cache(maxsize=200_000)
def standard_first_name(text: str) -> tuple[str, tuple[str, ...]]:
    """The first given name, lower case, and any middle names: ``"Jay-Dee Ali"`` →
    ``("jaydee", ("ali",))``. Hyphenated given names are kept as one name."""
    folded = (
        unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    )
    words = re.sub(r"['`.]", "", folded.lower())
    tokens = ["".join(re.findall(r"[a-z]+", word)) for word in words.split()]
    tokens = [token for token in tokens if token]
    if not tokens:
        return "", ()
    return tokens[0], tuple(tokens[1:])


@cache
def nicknames() -> dict[str, tuple[str, ...]]:
    """Nickname → the formal names it stands for, from the packaged ``nicknames.csv``."""
    table: dict[str, list[str]] = {}
    source = resources.files("linewatch.core.linking").joinpath("data/nicknames.csv")
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["nickname"].strip(), []).append(row["formal"].strip())
    return {nick: tuple(formals) for nick, formals in table.items()}


@lru_cache(maxsize=200_000)
def name_forms(first_name: str) -> frozenset[str]:
    """The standard first name with every formal name it may be short for."""
    name, _ = standard_first_name(first_name)
    if not name:
        return frozenset()
    return frozenset((name, *nicknames().get(name, ())))


@lru_cache(maxsize=200_000)
def canonical_first_name(first_name: str) -> str:
    """One formal name for a first name (the alphabetically first if it is ambiguous)."""
    forms = name_forms(first_name)
    name, _ = standard_first_name(first_name)
    formals = sorted(forms - {name})
    return formals[0] if formals else name


_SOUND_GROUPS = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}
_REWRITES = (
    (re.compile(r"^kn"), "n"),
    (re.compile(r"^wr"), "r"),
    (re.compile(r"^ps"), "s"),
    (re.compile(r"^x"), "s"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"sch"), "sk"),
    (re.compile(r"gh(?=[^aeiou]|$)"), ""),
)


@lru_cache(maxsize=200_000)
def phonetic_key(text: str, length: int = 6) -> str:
    """A Soundex-style sound key, longer than Soundex's four characters so blocks stay small.

    Vowels, ``h``, ``w`` and ``y`` are dropped after the first letter and letters that
    sound alike share a digit, so transliterations and keying variants agree:
    Mohammed/Muhammad/Mohamed → ``M53``, Hussain/Hussein → ``H25``, Clark/Clarke → ``C462``.
    Silent ``kn``/``wr``/``gh`` and ``ph`` = ``f`` are rewritten first. Blank → ``""``.
    """
    word = "".join(_name_parts(text))
    if not word:
        return ""
    for pattern, replacement in _REWRITES:
        word = pattern.sub(replacement, word)
    if not word:
        return ""
    key = [word[0].upper()]
    previous = _SOUND_GROUPS.get(word[0], "")
    for letter in word[1:]:
        digit = _SOUND_GROUPS.get(letter, "")
        if digit and digit != previous:
            key.append(digit)
        if letter not in "hw":  # Soundex: h and w do not separate repeated sounds
            previous = digit
    return "".join(key)[:length]
