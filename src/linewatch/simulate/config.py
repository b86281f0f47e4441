"""Scenario arguments, their validation and the simulator's version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SIMULATOR_VERSION = "1.1.0"
DEFAULT_START = date(2020, 1, 6)  # a Monday
MAX_WEEKS = 520
MAX_SCALE = 1000.0


class SimulationError(ValueError):
    """A scenario argument is out of range, or the output directory cannot be used."""


@dataclass(frozen=True)
class ScenarioConfig:
    """The arguments of one scenario. The same config always gives the same files.

    ``scale`` multiplies the number of county lines and the background volume; ``start`` is
    the first day of the scenario window, which lasts ``weeks`` weeks.
    """

    seed: int
    weeks: int
    scale: float
    start: date = DEFAULT_START

    def __post_init__(self) -> None:
        validate(self.seed, self.weeks, self.scale, self.start)

    @property
    def end(self) -> date:
        """The first day after the window."""
        return self.start + timedelta(weeks=self.weeks)

    def as_json(self) -> dict[str, Any]:
        """The arguments as JSON-ready values (for ``SCENARIO.json``)."""
        return {
            "seed": self.seed,
            "weeks": self.weeks,
            "scale": self.scale,
            "start": self.start.isoformat(),
        }


def validate(seed: object, weeks: object, scale: object, start: object) -> None:
    """Raise :class:`SimulationError` naming the first bad argument and its allowed range."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SimulationError(f"seed must be an integer >= 0, got {seed!r}")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise SimulationError(f"weeks must be an integer from 1 to {MAX_WEEKS}, got {weeks!r}")
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float)
        or not 0 < scale <= MAX_SCALE
        or scale != scale
    ):
        raise SimulationError(
            f"scale must be a number greater than 0 and at most {MAX_SCALE:g}, got {scale!r}"
        )
    if not isinstance(start, date) or not date(1990, 1, 1) <= start <= date(2100, 1, 1):
        raise SimulationError(f"start must be a date from 1990-01-01 to 2100-01-01, got {start!r}")
