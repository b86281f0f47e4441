"""Score weights, read from a YAML file: one section per list, one weight per factor.

The packaged defaults are ``linewatch/data/risk_weights.yaml``; a partnership can supply its
own file (``LINEWATCH_RISK_WEIGHTS``). A file with an unknown list or factor, a negative or
non-numeric weight, or a bad half-life is refused with a message naming the place.

A list is ``model: additive`` (each factor adds up to its weight, 0-100) or ``model: logistic``
(a fitted logistic model: ``intercept`` plus ``weights`` on each factor's saturated evidence,
``recent_weights`` on the same evidence over ``recent_half_life_days``, and ``combinations``
"a & b" on the product of two factors; the score is the probability x 100; see
``core/risk/logistic.py``). ``reset_on_enforcement`` counts an address's fading evidence only
since the latest warrant, seizure or arrest at it. Every weight is >= 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from linewatch.core.risk.factors import FACTORS
from linewatch.core.risk.model import SCORE_LISTS

SETTINGS = (
    "half_life_days",
    "alert_threshold",
    "radius_m",
    "model",
    "intercept",
    "recent_half_life_days",
    "recent_weights",
    "combinations",
    "reset_on_enforcement",
)
MODELS = ("additive", "logistic")


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
    model: str = "additive"
    intercept: float = 0.0
    recent_half_life_days: float = 28.0
    recent_weights: dict[str, float] = field(default_factory=dict)
    combinations: dict[tuple[str, str], float] = field(default_factory=dict)
    reset_on_enforcement: bool = False

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def factor_weight(self, factor: str) -> float:
        """A factor's weight, counting its recent term and half of each combination it is in."""
        pairs = sum(w for pair, w in self.combinations.items() if factor in pair)
        return self.weights.get(factor, 0.0) + self.recent_weights.get(factor, 0.0) + 0.5 * pairs


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
        weights = _weights(section["weights"], name, f"{source}: {name}.weights")
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
        settings = _model_settings(section, name, source)
        derived = sorted(f for f, w in weights.items() if w and FACTORS[name][f].derived_from)
        if derived and settings["model"] == "additive":
            raise WeightsError(
                f"{source}: {name}.weights.{derived[0]}: worked out from other factors' records, "
                "it needs model: logistic"
            )
        lists[name] = ListWeights(name, weights, half_life, threshold, radius, **settings)
    return Weights(lists, source)


def _weights(raw: Any, name: str, where: str) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise WeightsError(f"{where}: expected a mapping of factor: weight")
    known = FACTORS[name]
    weights = {}
    for factor, value in raw.items():
        here = f"{where}.{factor}"
        if factor not in known:
            raise WeightsError(
                f"{here}: unknown factor; the {name} factors are {', '.join(sorted(known))}"
            )
        weight = _number(value, here)
        if weight < 0:
            raise WeightsError(f"{here}: a weight cannot be negative (got {weight:g})")
        weights[factor] = weight
    return weights


def _model_settings(section: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    """The logistic model's settings (``model``, ``intercept``, recent and combination weights)."""
    model = section.get("model", "additive")
    if model not in MODELS:
        raise WeightsError(f"{source}: {name}.model must be one of {', '.join(MODELS)}")
    reset = section.get("reset_on_enforcement", False)
    if not isinstance(reset, bool):
        raise WeightsError(f"{source}: {name}.reset_on_enforcement must be true or false")
    out: dict[str, Any] = {"model": model, "reset_on_enforcement": reset}
    if model == "additive":
        extra = sorted({"intercept", "recent_weights", "combinations"} & set(section))
        if extra:
            raise WeightsError(f"{source}: {name}: {', '.join(extra)} need model: logistic")
        return out
    out["intercept"] = _number(section.get("intercept", 0.0), f"{source}: {name}.intercept")
    recent = _number(
        section.get("recent_half_life_days", 28), f"{source}: {name}.recent_half_life_days"
    )
    if recent <= 0:
        raise WeightsError(f"{source}: {name}.recent_half_life_days must be more than 0")
    out["recent_half_life_days"] = recent
    out["recent_weights"] = _weights(
        section.get("recent_weights", {}), name, f"{source}: {name}.recent_weights"
    )
    combinations: dict[tuple[str, str], float] = {}
    raw = section.get("combinations", {})
    if not isinstance(raw, dict):
        raise WeightsError(f"{source}: {name}.combinations: expected 'a & b': weight")
    for key, value in raw.items():
        where = f"{source}: {name}.combinations.{key}"
        parts = tuple(part.strip() for part in str(key).split("&"))
        if len(parts) != 2:
            raise WeightsError(f"{where}: expected two factors joined by '&'")
        _weights(dict.fromkeys(parts, 0), name, where)  # both must be known factors
        weight = _number(value, where)
        if weight < 0:
            raise WeightsError(f"{where}: a weight cannot be negative (got {weight:g})")
        combinations[(parts[0], parts[1])] = weight
    out["combinations"] = combinations
    return out


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
