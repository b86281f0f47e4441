"""Entity extraction from the free text of an intelligence report.

:func:`extract` suggests the phones, postcodes, vehicle registrations, people and addresses
written in a report, each as a :class:`Suggestion` with its span in the original text, a
normalised value, a confidence (0..1) and a reason, for an analyst to confirm or dismiss.
Nothing is linked automatically. Text is read as plain text: HTML or script in a report is
never parsed or run, and offsets always refer to the string as given.

>>> found = extract("Jayden SMITH seen in AB12 CDE at 14 Elm Street LE11 3TU, line 07700 900123")
>>> [(s.kind, s.value) for s in found]  # doctest: +NORMALIZE_WHITESPACE
[('person', 'Jayden Smith'), ('vrm', 'AB12CDE'), ('address', '14 Elm Street, LE11 3TU'),
 ('postcode', 'LE11 3TU'), ('phone', '+447700900123')]

Overlaps are resolved in one place, :func:`resolve`: the surer suggestion wins, except that a
postcode inside an address is kept as well (the address carries it in ``parts`` too), because
an analyst links the postcode to a location even when the address is wrong.
"""

from __future__ import annotations

from linewatch.core.extraction.addresses import find_addresses
from linewatch.core.extraction.people import find_people, tidy_name
from linewatch.core.extraction.phones import find_phones
from linewatch.core.extraction.postcodes import find_postcodes
from linewatch.core.extraction.suggestion import KINDS, Kind, Suggestion, keep_first
from linewatch.core.extraction.vehicles import find_vrms

__all__ = [
    "KINDS",
    "MAX_TEXT_LENGTH",
    "Kind",
    "Suggestion",
    "extract",
    "find_addresses",
    "find_people",
    "find_phones",
    "find_postcodes",
    "find_vrms",
    "resolve",
    "tidy_name",
]

#: The longest text :func:`extract` reads; a longer report is read up to this many characters.
MAX_TEXT_LENGTH = 20_000

# When two suggestions overlap and are equally sure, the more specific kind wins.
_SPECIFICITY: dict[Kind, int] = {"phone": 5, "vrm": 4, "postcode": 3, "address": 2, "person": 1}


def _may_coexist(a: Suggestion, b: Suggestion) -> bool:
    outer, inner = (a, b) if a.kind == "address" else (b, a)
    return (
        outer.kind == "address"
        and inner.kind == "postcode"
        and outer.start <= inner.start
        and inner.end <= outer.end
    )


def resolve(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Suggestions without overlaps, in text order (``start``, then the longer first).

    The surest suggestion of any overlapping set is kept (ties: the more specific kind, then
    the longer span); a postcode wholly inside a kept address is kept as well.
    """
    ranked = sorted(
        suggestions,
        key=lambda s: (-s.confidence, -_SPECIFICITY[s.kind], s.start - s.end, s.start),
    )
    return sorted(keep_first(ranked, _may_coexist), key=lambda s: (s.start, -s.end))


def extract(text: str) -> list[Suggestion]:
    """Every entity suggested in ``text`` (at most :data:`MAX_TEXT_LENGTH` characters read)."""
    text = text[:MAX_TEXT_LENGTH]
    found = (
        find_phones(text)
        + find_postcodes(text)
        + find_vrms(text)
        + find_addresses(text)
        + find_people(text)
    )
    return resolve(found)
