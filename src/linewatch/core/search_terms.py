"""Reading what a user typed in the search box: a phone, a postcode, a VRM, or a name.

>>> [t.kind for t in classify("07700 900123")]
['phone', 'text']
>>> classify("le11 3tu")[0].value
'LE11 3TU'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from linewatch.core.geography.postcode_format import is_valid_postcode, normalise_postcode
from linewatch.feeds.errors import InvalidValue
from linewatch.feeds.values import parse_vrm

__all__ = [
    "SearchTerm",
    "classify",
    "contained_grams",
    "could_be_postcode_start",
    "name_grams",
    "normalise_phone",
    "normalise_vrm",
    "single_word_mark",
    "word_grams",
]


@dataclass(frozen=True)
class SearchTerm:
    kind: str  # "phone", "postcode", "vrm" or "text"
    value: str


def normalise_phone(text: str, region: str = "GB") -> str | None:
    """E.164 form of a phone number in any common format, or ``None`` if it is not one."""
    digits = re.sub(r"[^\d+]", "", text)
    if len(digits.lstrip("+")) < 7:
        return None
    candidates = [text]
    if re.fullmatch(r"7\d{9}", digits):
        candidates.append("0" + digits)  # a UK mobile written without its leading 0
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) or _is_uk_mobile_shape(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _is_uk_mobile_shape(number: phonenumbers.PhoneNumber) -> bool:
    # Ofcom keeps 07700 900000-900999 for drama; phonenumbers calls them invalid, but agencies
    # (and our tests) write them, so any 07xxx xxxxxx shape counts as a UK mobile.
    national = str(number.national_number)
    return number.country_code == 44 and len(national) == 10 and national.startswith("7")


def normalise_vrm(text: str) -> str | None:
    """A vehicle registration upper case without spaces (the feeds' rule), or ``None``.

    >>> normalise_vrm("ab12 cde"), normalise_vrm("hello")
    ('AB12CDE', None)
    """
    try:
        return parse_vrm(text)
    except InvalidValue:
        return None


def classify(text: str) -> list[SearchTerm]:
    """Every reading of ``text`` worth searching for, most specific first; text always last."""
    text = " ".join(text.split())
    terms: list[SearchTerm] = []
    if not text:
        return terms
    phone = normalise_phone(text)
    if phone:
        terms.append(SearchTerm("phone", phone))
    if is_valid_postcode(text):
        terms.append(SearchTerm("postcode", normalise_postcode(text)))
    vrm = normalise_vrm(text)
    if vrm and not phone:
        terms.append(SearchTerm("vrm", vrm))
    terms.append(SearchTerm("text", text))
    return terms


def word_grams(text: str, *, padded: bool = True) -> set[str]:
    """The three-letter pieces of every word of ``text``, lower case; ``padded``: each word
    with a space at both ends, so the pieces also say how a word begins and ends.

    A word is any run of characters between white space, punctuation included: every word
    typed in the search box that is part of a recorded word then has all its pieces here.

    >>> sorted(word_grams("Jay Smith"))
    [' ja', ' sm', 'ay ', 'ith', 'jay', 'mit', 'smi', 'th ']
    >>> sorted(word_grams("12 Smith Street", padded=False))
    ['eet', 'ith', 'mit', 'ree', 'smi', 'str', 'tre']
    """
    grams: set[str] = set()
    for word in text.lower().split():
        if padded:
            word = f" {word} "
        grams.update(word[i : i + 3] for i in range(len(word) - 2))
    return grams


def single_word_mark(word: str) -> str:
    """The piece that marks a one-word name (an alias, a surname recorded alone) beginning
    like ``word``: spelling variants of a one-word query are looked for among those.

    >>> single_word_mark("Kev")
    '=ke'
    """
    return "=" + word.lower()[:2]


def name_grams(search_name: str) -> set[str]:
    """The pieces of a recorded ``search_name`` (names and aliases separated by ``|``): those
    of every word, and a :func:`single_word_mark` for each one-word name.

    >>> sorted(name_grams("kay lee | kaz"))
    [' ka', ' le', ' | ', '=ka', 'ay ', 'az ', 'ee ', 'kay', 'kaz', 'lee']
    """
    marks = {single_word_mark(n.strip()) for n in search_name.split("|") if len(n.split()) == 1}
    return word_grams(search_name) | marks


def contained_grams(word: str) -> set[str]:
    """The pieces every recorded word containing ``word`` must have (none under 3 letters).

    >>> sorted(contained_grams("Smith")), contained_grams("jo")
    (['ith', 'mit', 'smi'], set())
    """
    word = word.lower()
    return {word[i : i + 3] for i in range(len(word) - 2)}


_POSTCODE_START = re.compile(r"[a-z]{1,2}(\d[a-z\d]?( ?\d[a-z]{0,2})?)?", re.IGNORECASE)


def could_be_postcode_start(text: str) -> bool:
    """Whether ``text`` could begin a UK postcode ("LE", "le11", "LE11 3"): a name like
    "smith" cannot (a postcode's third character is a digit or follows one).

    >>> could_be_postcode_start("LE11 3"), could_be_postcode_start("smith")
    (True, False)
    """
    return _POSTCODE_START.fullmatch(text.strip()) is not None
