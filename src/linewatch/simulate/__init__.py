"""Synthetic, deterministic LLR County Lines scenario with ground truth (see docs/simulator.md).

>>> from linewatch.simulate import simulate  # doctest: +SKIP
>>> summary = simulate(seed=1, weeks=8, scale=0.02, out=Path("scenario"))  # doctest: +SKIP
"""

from linewatch.simulate.config import SIMULATOR_VERSION, ScenarioConfig, SimulationError
from linewatch.simulate.run import SimulationSummary, simulate

__all__ = [
    "SIMULATOR_VERSION",
    "ScenarioConfig",
    "SimulationError",
    "SimulationSummary",
    "simulate",
]
