"""Hot spot persistence across consecutive periods: emerging, persistent, fading.

>>> classify_persistence([True, True, False, False], [True, False, True, False]).tolist()
['persistent', 'fading', 'emerging', '']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from linewatch.core.hotspots.errors import HotspotInputError

BoolArray = NDArray[np.bool_]
StrArray = NDArray[np.str_]

EMERGING = "emerging"
PERSISTENT = "persistent"
FADING = "fading"
#: Every label, in the order a legend shows them; "" means never hot in the periods compared.
LABELS = (PERSISTENT, EMERGING, FADING)


def _same_shape(arrays: Sequence[ArrayLike]) -> list[BoolArray]:
    hot = [np.asarray(a, dtype=np.bool_) for a in arrays]
    shapes = {a.shape for a in hot}
    if len(shapes) > 1:
        raise HotspotInputError(
            f"hot spot maps differ in shape: {sorted(shapes)}; expected one grid for every period"
        )
    return hot


def classify_persistence(previous_hot: ArrayLike, current_hot: ArrayLike) -> StrArray:
    """Label each cell from two consecutive periods' hot cells.

    ``"persistent"``: hot in both; ``"emerging"``: hot now, not before; ``"fading"``: hot
    before, not now; ``""``: hot in neither.
    """
    previous, current = _same_shape([previous_hot, current_hot])
    labels = np.full(current.shape, "", dtype="<U10")
    labels[current & previous] = PERSISTENT
    labels[current & ~previous] = EMERGING
    labels[~current & previous] = FADING
    return labels


def classify_persistence_series(
    hot_by_period: Sequence[ArrayLike], *, persistent_periods: int = 2
) -> StrArray:
    """Label each cell from its hot spot history, oldest period first, latest last.

    ``"persistent"``: hot in each of the last ``persistent_periods`` periods; ``"emerging"``:
    hot in the latest period but not persistent; ``"fading"``: not hot in the latest period
    but hot in the one before; ``""`` otherwise. With ``persistent_periods=2`` this is
    :func:`classify_persistence` of the last two periods.

    >>> history = [[True, False, True], [True, True, True], [True, True, False]]
    >>> classify_persistence_series(history, persistent_periods=3).tolist()
    ['persistent', 'emerging', 'fading']
    """
    if persistent_periods < 2:
        raise HotspotInputError(
            f"persistent_periods={persistent_periods}: expected 2 or more periods"
        )
    if len(hot_by_period) < persistent_periods:
        raise HotspotInputError(
            f"{len(hot_by_period)} periods given: expected at least {persistent_periods} "
            "to tell persistent hot spots from emerging ones"
        )
    hot = _same_shape(hot_by_period)
    current, previous = hot[-1], hot[-2]
    persistent = np.logical_and.reduce(hot[-persistent_periods:])
    labels = np.full(current.shape, "", dtype="<U10")
    labels[persistent] = PERSISTENT
    labels[current & ~persistent] = EMERGING
    labels[~current & previous] = FADING
    return labels


def consecutive_hot_periods(hot_by_period: Sequence[ArrayLike]) -> NDArray[np.int64]:
    """For each cell, in how many periods in a row up to the latest one it has been hot."""
    hot = _same_shape(hot_by_period)
    if not hot:
        raise HotspotInputError("no periods given: expected at least one hot spot map")
    run = np.zeros(hot[0].shape, dtype=np.int64)
    for period in hot:
        run = np.where(period, run + 1, 0)
    return run
