"""Vehicles: one entity per registration mark (VRM) however it was written.

Spaces and case never matter. Letter O / digit 0 and letter I / digit 1 are read as each
other only where the DVLA format leaves no doubt: a mark that fits no format is corrected
position by position against the current (``AB12 CDE``), prefix (``A123 BCD``) and suffix
(``ABC 123D``) formats, and the correction is kept only when exactly one format accepts it.
Dateless marks (``ABC 123``, ``1234 AB``) can be either letters or digits anywhere, so they are
never corrected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from linewatch.core.linking.resolution import Resolution, resolve_by_key

__all__ = ["resolve_vehicles", "vrm_key"]

_FORMATS = (
    re.compile(r"[A-Z]{2}\d{2}[A-Z]{3}"),
    re.compile(r"[A-Z]\d{1,3}[A-Z]{3}"),
    re.compile(r"[A-Z]{3}\d{1,3}[A-Z]"),
)
_DATELESS = re.compile(r"[A-Z]{1,3}\d{1,4}|\d{1,4}[A-Z]{1,3}")
_TO_LETTER = {"0": "O", "1": "I"}
_TO_DIGIT = {"O": "0", "I": "1"}


def _shapes(length: int) -> list[str]:
    """Each dated format's letter/digit shape for a mark of ``length`` (``LLDDLLL``)."""
    shapes = ["LLDDLLL"] if length == 7 else []
    digits = length - 4
    if 1 <= digits <= 3:
        shapes += ["L" + "D" * digits + "LLL", "LLL" + "D" * digits + "L"]
    return shapes


def _corrected(mark: str) -> str | None:
    candidates = set()
    for shape in _shapes(len(mark)):
        fixed = "".join(
            (_TO_LETTER if kind == "L" else _TO_DIGIT).get(ch, ch)
            for ch, kind in zip(mark, shape, strict=True)
        )
        if any(f.fullmatch(fixed) for f in _FORMATS):
            candidates.add(fixed)
    return candidates.pop() if len(candidates) == 1 else None


def vrm_key(text: str) -> tuple[str, str] | None:
    """``(key, rule)`` for a mark as written, or None when it is blank."""
    mark = re.sub(r"[^A-Z0-9]", "", text.upper())
    if not mark:
        return None
    if any(f.fullmatch(mark) for f in _FORMATS) or _DATELESS.fullmatch(mark):
        return mark, "same mark"
    fixed = _corrected(mark)
    if fixed is not None:
        return fixed, "O/0 or I/1 read by the DVLA format"
    return mark, "same characters (not a UK format)"


def resolve_vehicles(marks: Mapping[int, str]) -> Resolution:
    """Group vehicle rows (id -> the mark as stored) by :func:`vrm_key`."""
    return resolve_by_key(marks, vrm_key)
