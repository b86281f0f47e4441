"""Is a change between two counts more than noise? An exact conditional Poisson test.

If two counts ``a`` (this period, length ``t_a``) and ``b`` (the baseline, length ``t_b``) are
Poisson with the same underlying rate, then given their total ``n = a + b``, ``a`` is binomial
with ``n`` trials and probability ``t_a / (t_a + t_b)`` (Przyborowski and Wilenski 1940; the
"conditional test" of Krishnamoorthy and Thomson 2004). The two-sided exact binomial test
gives the p-value: :func:`binomial_two_sided_p` computes it exactly as
``scipy.stats.binomtest(a, n, p).pvalue`` does (the sum of the probabilities of every outcome
no more likely than the one observed, with scipy's relative tolerance of 1e-7), which the
tests check against scipy to 1e-9; importing ``scipy.stats`` costs seconds of CPU in every
report run, so it is not imported here.
"""

from __future__ import annotations

import math
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
    share = current_days / (current_days + baseline_days)
    p_value = binomial_two_sided_p(current, total, share)
    return Change(current, baseline, p_value, alpha)


#: scipy.stats.binomtest's tolerance when deciding that an outcome is "as extreme".
RELATIVE_TOLERANCE = 1 + 1e-7


def _log_pmf(k: int, n: int, log_p: float, log_q: float) -> float:
    return (
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p
        + (n - k) * log_q
    )  # fmt: skip


def binomial_two_sided_p(k: int, n: int, p: float) -> float:
    """Two-sided exact binomial p-value of ``k`` successes in ``n`` trials, probability ``p``.

    The same definition as ``scipy.stats.binomtest(k, n, p, alternative="two-sided")``.

    >>> round(binomial_two_sided_p(7, 10, 0.5), 6)
    0.34375
    """
    if not 0 <= k <= n:
        raise ValueError(f"k={k} must be between 0 and n={n}")
    if not 0 < p < 1:
        raise ValueError(f"p={p} must be strictly between 0 and 1")
    log_p, log_q = math.log(p), math.log1p(-p)
    observed = _log_pmf(k, n, log_p, log_q)
    limit = observed + math.log(RELATIVE_TOLERANCE)
    if abs(k - n * p) < 1e-12 * max(1.0, n):  # scipy: k at the mean gives p = 1
        return 1.0
    total = 0.0
    for i in range(n + 1):
        value = _log_pmf(i, n, log_p, log_q)
        if value <= limit:
            total += math.exp(value)
    return min(1.0, total)
