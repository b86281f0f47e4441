"""The partner agencies' own phone numbers, found in the contacts of ``agencies.yaml``.

A campaign never messages a police or partner number (a seized handset often holds an
officer's or a worker's). The partnership's table of known numbers lives in the database; the
agencies file adds any number written in an agency's ``contact`` text.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

import phonenumbers
import yaml

from linewatch.core.campaign.numbers import check_number

__all__ = ["agencies_file_numbers", "numbers_in_text"]


def numbers_in_text(text: str) -> set[str]:
    """Every valid phone number written in ``text``, in E.164."""
    found = set()
    matches = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matches:
        checked = check_number(match.raw_string)
        if checked.valid:
            found.add(checked.e164)
    return found


def agencies_file_numbers(contacts: Iterable[str] | None = None) -> set[str]:
    """Numbers in the given contact texts, or in those of the packaged ``agencies.yaml``."""
    if contacts is None:
        text = resources.files("linewatch.data").joinpath("agencies.yaml").read_text("utf-8")
        contacts = [str(a.get("contact", "")) for a in yaml.safe_load(text)["agencies"]]
    numbers: set[str] = set()
    for contact in contacts:
        numbers |= numbers_in_text(contact)
    return numbers
