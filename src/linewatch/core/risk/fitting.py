"""Fitting a list's logistic model (``core/risk/logistic.py``) on simulated scenarios.

Rows are (subject, date) pairs: the terms at that date, and whether the subject was really
positive around it. Weights are kept >= 0 (a weights file refuses negative ones, and a term
that lowers a score would be hard to explain), with a small L2 penalty so that rare terms do
not take extreme weights. Pure numpy and scipy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize


@dataclass(frozen=True)
class Fitted:
    intercept: float
    weights: dict[str, float]
    rows: int
    positives: int
    log_loss: float


def fit_logistic(
    names: Sequence[str],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    *,
    l2: float = 0.01,
    sample_weight: NDArray[np.float64] | None = None,
) -> Fitted:
    """Intercept and non-negative weights minimising weighted log loss + ``l2`` x |w|^2."""
    rows, width = x.shape
    sw = np.ones(rows) if sample_weight is None else sample_weight
    total = float(sw.sum())

    def loss(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        logit = theta[0] + x @ theta[1:]
        p = 1 / (1 + np.exp(-logit))
        eps = 1e-12
        value = -np.sum(sw * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))) / total
        value += l2 * float(theta[1:] @ theta[1:])
        residual = sw * (p - y) / total
        grad = np.concatenate([[residual.sum()], x.T @ residual + 2 * l2 * theta[1:]])
        return float(value), grad

    start = np.zeros(width + 1)
    start[0] = float(np.log((y.mean() + 1e-6) / (1 - y.mean() + 1e-6)))
    bounds = [(None, None)] + [(0.0, None)] * width
    done = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    theta = done.x
    return Fitted(
        intercept=float(theta[0]),
        weights={name: float(w) for name, w in zip(names, theta[1:], strict=True)},
        rows=rows,
        positives=int(y.sum()),
        log_loss=float(done.fun),
    )
