"""Is a change between two counts more than noise? An exact conditional Poisson test.

If two counts ``a`` (this period, length ``t_a``) and ``b`` (the baseline, length ``t_b``) are
Poisson with the same underlying rate, then given their total ``n = a + b``, ``a`` is binomial
with ``n`` trials and probability ``t_a / (t_a + t_b)`` (Przyborowski and Wilenski 1940; the
"conditional test" of Krishnamoorthy and Thomson 2004). The two-sided exact binomial test
(``scipy.stats.binomtest``) gives the p-value.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Below this p-value a change is reported as more than noise.
DEFAULT_ALPHA = 0.05
MORE_THAN_NOISE = "more than noise"
WITHIN_NORMAL_VARIATION = "within normal variation"


@dataclass(frozen=True)
class Change:
    current: int
    baseline: int
    p_value: float
    alpha: float = DEFAULT_ALPHA

    @property
    def significant(self) -> bool:
        return self.p_value < self.alpha

    @property
    def verdict(self) -> str:
        return MORE_THAN_NOISE if self.significant else WITHIN_NORMAL_VARIATION

    @property
    def difference(self) -> int:
        return self.current - self.baseline

    @property
    def percent(self) -> float | None:
        if self.baseline == 0:
            return None
        return 100.0 * self.difference / self.baseline

    @property
    def words(self) -> str:
        """``"up 25% (from 20)"``, ``"down 3 (from 3)"``, ``"no change"``."""
        if self.difference == 0:
            return "no change"
        direction = "up" if self.difference > 0 else "down"
        percent = self.percent
        size = f"{abs(percent):.0f}%" if percent is not None else f"{abs(self.difference)}"
        return f"{direction} {size} (from {self.baseline})"


def compare_counts(
    current: int,
    baseline: int,
    *,
    current_days: float = 1.0,
    baseline_days: float = 1.0,
    alpha: float = DEFAULT_ALPHA,
) -> Change:
    """The conditional exact Poisson test of ``current`` against ``baseline``.

    ``current_days`` and ``baseline_days`` are the lengths of the two periods (quarters differ
    by a day or two). Two zeros give p = 1.

    >>> compare_counts(40, 20).verdict
    'more than noise'
    >>> compare_counts(22, 20).verdict
    'within normal variation'
    """
    if current < 0 or baseline < 0:
        raise ValueError(f"counts must not be negative, got {current} and {baseline}")
    if current_days <= 0 or baseline_days <= 0:
        raise ValueError("period lengths must be positive")
    total = current + baseline
    if total == 0:
        return Change(current, baseline, 1.0, alpha)
    from scipy.stats import binomtest  # seconds to import: only when a test is run

    share = current_days / (current_days + baseline_days)
    p_value = float(binomtest(current, total, share, alternative="two-sided").pvalue)
    return Change(current, baseline, min(1.0, p_value), alpha)
