"""Score weights, read from a YAML file: one section per list, one weight per factor.

The packaged defaults are ``linewatch/data/risk_weights.yaml``; a partnership can supply its
own file (``LINEWATCH_RISK_WEIGHTS``). A file with an unknown list or factor, a negative or
non-numeric weight, or a bad half-life is refused with a message naming the place.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from linewatch.core.risk.factors import FACTORS
from linewatch.core.risk.model import SCORE_LISTS

SETTINGS = ("half_life_days", "alert_threshold", "radius_m")


class WeightsError(ValueError):
    """The weights file cannot be used; the message says where and why."""


@dataclass(frozen=True, slots=True)
class ListWeights:
    """The weights for one list, and how fast evidence fades."""

    name: str
    weights: dict[str, float]
    half_life_days: float
    alert_threshold: float
    radius_m: float

    @property
    def total(self) -> float:
        return sum(self.weights.values())


@dataclass(frozen=True, slots=True)
class Weights:
    lists: dict[str, ListWeights]
    source: str

    def __getitem__(self, name: str) -> ListWeights:
        return self.lists[name]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WeightsError(f"{where}: expected a number, got {value!r}")
    return float(value)


def parse_weights(text: str, source: str) -> Weights:
    """Weights from YAML text; ``source`` names the file in messages."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise WeightsError(f"{source}: not valid YAML ({error})") from None
    if not isinstance(raw, dict):
        raise WeightsError(f"{source}: expected sections {', '.join(SCORE_LISTS)}")
    unknown = sorted(set(raw) - set(SCORE_LISTS))
    if unknown:
        raise WeightsError(
            f"{source}: unknown list {', '.join(unknown)}; the lists are {', '.join(SCORE_LISTS)}"
        )
    lists = {}
    for name in SCORE_LISTS:
        section = raw.get(name)
        if not isinstance(section, dict) or not isinstance(section.get("weights"), dict):
            raise WeightsError(f"{source}: section {name!r} needs a 'weights' mapping")
        known = FACTORS[name]
        weights = {}
        for factor, value in section["weights"].items():
            where = f"{source}: {name}.weights.{factor}"
            if factor not in known:
                raise WeightsError(
                    f"{where}: unknown factor; the {name} factors are {', '.join(sorted(known))}"
                )
            weight = _number(value, where)
            if weight < 0:
                raise WeightsError(f"{where}: a weight cannot be negative (got {weight:g})")
            weights[factor] = weight
        if not any(weights.values()):
            raise WeightsError(f"{source}: {name}.weights: at least one weight must be above 0")
        extra = sorted(set(section) - {"weights", *SETTINGS})
        if extra:
            raise WeightsError(
                f"{source}: {name}: unknown setting {', '.join(extra)}; "
                f"the settings are weights, {', '.join(SETTINGS)}"
            )
        half_life = _number(section.get("half_life_days", 90), f"{source}: {name}.half_life_days")
        if half_life <= 0:
            raise WeightsError(f"{source}: {name}.half_life_days must be more than 0")
        threshold = _number(section.get("alert_threshold", 50), f"{source}: {name}.alert_threshold")
        if not 0 < threshold <= 100:
            raise WeightsError(f"{source}: {name}.alert_threshold must be between 0 and 100")
        radius = _number(section.get("radius_m", 400), f"{source}: {name}.radius_m")
        if radius <= 0:
            raise WeightsError(f"{source}: {name}.radius_m must be more than 0")
        lists[name] = ListWeights(name, weights, half_life, threshold, radius)
    return Weights(lists, source)


def load_weights(path: str | Path | None = None) -> Weights:
    """The weights in ``path``, or the packaged defaults."""
    if path is None:
        text = resources.files("linewatch.data").joinpath("risk_weights.yaml").read_text("utf-8")
        return parse_weights(text, "risk_weights.yaml (packaged)")
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise WeightsError(f"{file}: cannot read the weights file ({error.strerror})") from None
    return parse_weights(text, str(file))
