"""A form's pair of dates (from/until, start/end): the second must not be before the first.

>>> from datetime import date
>>> errors = []
>>> class Form:
...     def add_error(self, field, message):
...         errors.append((field, message))
>>> check_date_pair(Form(), {"valid_from": date(2026, 3, 2), "valid_to": date(2026, 3, 1)},
...                 "valid_from", "valid_to")
>>> errors
[('valid_to', 'The end (01 March 2026) must not be before the start (02 March 2026)')]
"""

from __future__ import annotations

from typing import Any


def check_date_pair(
    form: Any,
    data: dict[str, Any],
    start: str,
    end: str,
    start_name: str = "the start",
    end_name: str = "The end",
) -> None:
    """Put an error on ``end`` when both dates are given and it is before ``start``.

    The message names both dates as the form's reader wrote them (``27 March 2026``);
    ``start_name`` and ``end_name`` are how the message calls the two fields.
    """
    first, last = data.get(start), data.get(end)
    if first and last and last < first:
        form.add_error(
            end, f"{end_name} ({last:%d %B %Y}) must not be before {start_name} ({first:%d %B %Y})"
        )
