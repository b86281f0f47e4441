"""How well last period's hot spots predicted this period's events.

Prediction Accuracy Index (Chainey, Tompson and Uhlig 2008, "The utility of hotspot mapping
for predicting spatial patterns of crime", *Security Journal* 21):

    PAI = (n / N) / (a / A)

``n``: events of the later period in the hot cells, ``N``: all its events in the study area,
``a``: the area of the hot cells, ``A``: the study area. A PAI of 1 is what picking cells at
random gives; 5 means the hot cells held five times their share of area in events.

>>> hot = [[True, False], [False, False]]
>>> prediction_accuracy_index(hot, [[3, 1], [0, 0]])
3.0
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from linewatch.core.hotspots.errors import HotspotInputError


def prediction_accuracy_index(
    hot: ArrayLike, counts_next: ArrayLike, *, study_area: ArrayLike | None = None
) -> float:
    """PAI of the ``hot`` cells on the next period's ``counts_next`` (same grid).

    Every cell has the same area, so the area share is the share of study-area cells that
    are hot. Returns NaN when it cannot be measured: no hot cells, or no events in the
    next period (rather than a misleading 0).
    """
    hot_cells = np.asarray(hot, dtype=np.bool_)
    counts = np.asarray(counts_next, dtype=np.float64)
    if hot_cells.shape != counts.shape:
        raise HotspotInputError(
            f"hot cells have shape {hot_cells.shape} and next counts {counts.shape}: "
            "expected the same grid"
        )
    area = np.ones(counts.shape, dtype=np.bool_)
    if study_area is not None:
        area = np.asarray(study_area, dtype=np.bool_)
        if area.shape != counts.shape:
            raise HotspotInputError(
                f"study_area has shape {area.shape}; expected the grid's shape {counts.shape}"
            )
    selected = hot_cells & area
    events = float(counts[area].sum())
    if not selected.any() or events <= 0:
        return float("nan")
    hit_rate = float(counts[selected].sum()) / events
    area_share = float(selected.sum()) / float(area.sum())
    return hit_rate / area_share


def recapture_rate_index(hot: ArrayLike, counts_before: ArrayLike, counts_next: ArrayLike) -> float:
    """Recapture Rate Index (Levine 2008): ``(n_next / N_next) / (n_before / N_before)``.

    Above 1: the hot cells took a larger share of events in the next period than in the
    one they were found in. NaN when either share cannot be measured.
    """
    hot_cells = np.asarray(hot, dtype=np.bool_)
    before = np.asarray(counts_before, dtype=np.float64)
    after = np.asarray(counts_next, dtype=np.float64)
    if not (hot_cells.shape == before.shape == after.shape):
        raise HotspotInputError(
            f"shapes {hot_cells.shape}, {before.shape}, {after.shape}: expected one grid"
        )
    if before.sum() <= 0 or after.sum() <= 0 or before[hot_cells].sum() <= 0:
        return float("nan")
    share_before = float(before[hot_cells].sum() / before.sum())
    share_after = float(after[hot_cells].sum() / after.sum())
    return share_after / share_before
