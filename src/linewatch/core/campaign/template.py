"""Message templates in GOV.UK Notify's syntax: ``((name))`` placeholders filled from a
``personalisation`` dict, as Notify fills them (names match ignoring case and spaces).

Notify refuses a message whose personalisation lacks a placeholder (a 400 error), so the
campaign checks it before sending anything: :func:`missing_placeholders`.

>>> fill("Call ((service_name)) on ((service_phone))", {"service_name": "Turning Point",
...                                                     "service_phone": "0116 000 0000"})
'Call Turning Point on 0116 000 0000'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

__all__ = [
    "TemplateError",
    "fill",
    "missing_placeholders",
    "placeholders",
    "sms_fragments",
]

_PLACEHOLDER = re.compile(r"\(\(([^()]+?)\)\)")
_GSM_SINGLE = 160
_GSM_PART = 153


class TemplateError(ValueError):
    """A template that cannot be sent as it is (the message names the placeholder)."""


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


def placeholders(template: str) -> list[str]:
    """The placeholder names in the template, in order, each once."""
    names: list[str] = []
    for match in _PLACEHOLDER.finditer(template):
        name = match.group(1).split("??", 1)[0].strip()
        if name and _key(name) not in {_key(n) for n in names}:
            names.append(name)
    return names


def missing_placeholders(template: str, personalisation: Mapping[str, object]) -> list[str]:
    given = {_key(name) for name, value in personalisation.items() if value not in (None, "")}
    return [name for name in placeholders(template) if _key(name) not in given]


def fill(template: str, personalisation: Mapping[str, object]) -> str:
    """The message as the recipient would read it; :class:`TemplateError` if a value is
    missing. ``((flag??text))`` shows ``text`` only when ``flag`` is yes/true."""
    values = {_key(name): value for name, value in personalisation.items()}
    missing = missing_placeholders(template, personalisation)
    conditional = [m for m in missing if f"(({m}??" in template]
    missing = [m for m in missing if m not in conditional]
    if missing:
        raise TemplateError(
            "the template needs a value for " + ", ".join(f"(({name}))" for name in missing)
        )

    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        if "??" in body:
            name, _, text = body.partition("??")
            flag = str(values.get(_key(name), "")).strip().casefold()
            return text if flag in ("yes", "true", "1", "y") else ""
        return str(values[_key(body)])

    return _PLACEHOLDER.sub(replace, template)


def sms_fragments(text: str) -> int:
    """How many SMS parts Notify would charge for (GSM 7-bit: 160, then 153 a part)."""
    if len(text) <= _GSM_SINGLE:
        return 1
    return math.ceil(len(text) / _GSM_PART)
