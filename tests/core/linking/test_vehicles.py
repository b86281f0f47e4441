"""Vehicles resolve by registration mark; O/0 and I/1 only where the format is unambiguous."""

from __future__ import annotations

import pytest

from linewatch.core.linking.vehicles import resolve_vehicles, vrm_key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("ab12 cde", "AB12CDE"),
        ("AB12CDE", "AB12CDE"),
        ("AB1O CDE", "AB10CDE"),  # letter O where the current format has a digit
        ("0B12 CDE", "OB12CDE"),  # digit 0 where the current format has a letter
        ("FD1S XKT", "FD1SXKT"),  # S/5 is not read: fits no format, left as written
        ("A523 BC0", "A523BCO"),  # prefix format: only it fits once corrected
        ("ABC 12O", "ABC12O"),  # fits the suffix format as written: not changed
    ],
)
def test_marks_normalise(written: str, key: str) -> None:
    found = vrm_key(written)
    assert found is not None
    assert found[0] == key


def test_dateless_marks_are_never_corrected() -> None:
    assert vrm_key("1O AB") == ("1OAB", "same mark")  # a dateless mark as written
    assert vrm_key("1O23") == ("1O23", "same characters (not a UK format)")
    assert vrm_key("ABC 1234") == ("ABC1234", "same mark")


@pytest.mark.parametrize("written", ["A1IOABC", "A12OBCD"])
def test_an_ambiguous_correction_is_not_made(written: str) -> None:
    """Corrected, these fit both the current format (AI10ABC, AI20BCD) and the prefix one
    (A110ABC, A120BCD): which one was meant is unknown, so the mark is left as written."""
    assert vrm_key(written) == (written, "same characters (not a UK format)")


def test_resolution_groups_spellings_of_one_mark() -> None:
    result = resolve_vehicles({1: "AB12CDE", 2: "ab12 cde", 3: "AB1ZCDE", 4: "AB12CDF"})
    assert result.groups() == {1: [1, 2]}
    assert result.entity_of[3] == 3
