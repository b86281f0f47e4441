"""A common password in disguise is still a common password.

Django's ``CommonPasswordValidator`` refuses the 20,000 most common passwords, but fewer than
200 of them are 12 characters or more, so with Linewatch's minimum length it refuses almost
nothing by itself. The passwords attackers actually try at that length are common ones padded
out: ``passwordpassword``, ``iloveyou1234``, ``Summer2024!!``, ``P@ssw0rd2024``. This validator
undoes those disguises (case, repetition, digits and symbols at either end, the usual
letter-for-symbol swaps) and refuses the password if what is left is on the same list.
Passphrases of ordinary words, which NCSC recommends, are untouched.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

SWAPS = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
PADDING = re.compile(r"^[\W\d_]+|[\W\d_]+$")
SHORTEST_BASE = 5  # a base shorter than this ("abc" + digits) is too short to judge


@cache
def _common() -> frozenset[str]:
    return frozenset(CommonPasswordValidator().passwords)


def _repeated_unit(text: str) -> str:
    """``abcabcabc`` -> ``abc``; otherwise the text itself."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def bases(password: str) -> set[str]:
    """The password with each disguise undone, alone and together."""
    lowered = password.lower().strip()
    found = {lowered, PADDING.sub("", lowered)}
    found |= {text.translate(SWAPS) for text in found}
    found |= {_repeated_unit(text) for text in found}
    return {text for text in found if len(text) >= SHORTEST_BASE}


class DisguisedCommonPasswordValidator:
    """Refuses a password that is a common password with padding, repetition or swaps."""

    def validate(self, password: str, user: Any = None) -> None:
        common = _common()
        if any(base in common for base in bases(password)):
            raise ValidationError(
                "This password is a common password with a few changes, which attackers try "
                "early. Use three or more random words instead.",
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be a common password with numbers, symbols or repeats added."
