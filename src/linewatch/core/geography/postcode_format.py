"""UK postcode format: validation and normalisation to the Royal Mail form ``"LE11 3TU"``.

The pattern follows the Royal Mail rules: outward code ``A9``, ``A99``, ``AA9``, ``AA99``,
``A9A`` or ``AA9A``, where the first letter is not Q, V or X, the second is not I, J or Z,
the third (``A9A``) is one of ABCDEFGHJKPSTUW and the fourth (``AA9A``) one of ABEHMNPRVWXY;
inward code a digit then two letters other than C, I, K, M, O or V. It also accepts the
non-geographic special cases in :data:`SPECIAL_POSTCODES` (``GIR 0AA`` and the British
Overseas Territories). It checks format only: a valid postcode need not exist.

>>> normalise_postcode(" le113tu ")
'LE11 3TU'
>>> is_valid_postcode("GIR0AA")
True
"""

from __future__ import annotations

import re

from linewatch.core.geography.errors import InvalidPostcode

#: Postcodes that break the standard pattern: Girobank, and the British Overseas Territories.
SPECIAL_POSTCODES: frozenset[str] = frozenset(
    {
        "GIR 0AA",
        "ASCN 1ZZ",
        "BBND 1ZZ",
        "BIQQ 1ZZ",
        "FIQQ 1ZZ",
        "GX11 1AA",
        "PCRN 1ZZ",
        "SIQQ 1ZZ",
        "STHL 1ZZ",
        "TDCU 1ZZ",
        "TKCA 1ZZ",
    }
)

_OUTWARD = (
    "(?:"
    "[A-PR-UWYZ][0-9]{1,2}"  # A9, A99
    "|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"  # AA9, AA99
    "|[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]"  # A9A
    "|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"  # AA9A
    ")"
)
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"
POSTCODE_PATTERN = re.compile(rf"(?P<outward>{_OUTWARD}) (?P<inward>{_INWARD})")

_SPACES = re.compile(r"\s+")


def _canonical_spacing(text: str) -> str:
    compact = _SPACES.sub("", text).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_valid_postcode(text: str) -> bool:
    """Whether ``text`` is a UK postcode in any case and spacing."""
    candidate = _canonical_spacing(text)
    return candidate in SPECIAL_POSTCODES or POSTCODE_PATTERN.fullmatch(candidate) is not None


def normalise_postcode(text: str) -> str:
    """Upper-case ``text`` with one space before the inward code: ``"le113tu"`` → ``"LE11 3TU"``.

    Raises :class:`InvalidPostcode` naming the text when it is not a UK postcode.
    """
    candidate = _canonical_spacing(text)
    if candidate in SPECIAL_POSTCODES or POSTCODE_PATTERN.fullmatch(candidate):
        return candidate
    raise InvalidPostcode(
        f"{text!r} is not a UK postcode; expected an outward code such as 'LE11', 'LE1' or "
        "'EC1A', a space, then a digit and two letters, e.g. 'LE11 3TU'"
    )


def outward_code(postcode: str) -> str:
    """The outward code (postcode district) of a postcode: ``"LE11 3TU"`` → ``"LE11"``."""
    return normalise_postcode(postcode).split(" ")[0]
