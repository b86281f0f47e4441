"""docs/hotspots.md names every public function of linewatch.core.hotspots."""

from pathlib import Path

import pytest

import linewatch.core.hotspots as hotspots

DOCS = Path(__file__).resolve().parents[3] / "docs" / "hotspots.md"
CONSTANTS_AND_TYPES = {"EMERGING", "FADING", "LABELS", "PERSISTENT", "BinnedPoints",
                       "DEFAULT_CELL_M", "DEFAULT_BANDWIDTH_M", "HotspotInputError",
                       "llr_outline_bng", "grid_over"}  # fmt: skip


@pytest.mark.parametrize("name", sorted(set(hotspots.__all__) - CONSTANTS_AND_TYPES))
def test_every_public_function_is_documented(name: str) -> None:
    assert f"`{name}" in DOCS.read_text(encoding="utf-8")


def test_the_docs_are_linked_from_the_readme() -> None:
    readme = DOCS.parents[1] / "README.md"
    assert "docs/hotspots.md" in readme.read_text(encoding="utf-8")
