"""Shared small scenarios (built once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.simulate import SimulationSummary, simulate


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SimulationSummary]:
    """A one-year scenario at a small scale: several lines, some re-emerging."""
    out = tmp_path_factory.mktemp("small") / "scenario"
    return out, simulate(seed=3, weeks=52, scale=0.6, out=out)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SimulationSummary]:
    """The smallest meaningful scenario."""
    out = tmp_path_factory.mktemp("tiny") / "scenario"
    return out, simulate(seed=1, weeks=8, scale=0.02, out=out)
