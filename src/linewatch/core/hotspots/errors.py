"""Domain errors raised by :mod:`linewatch.core.hotspots`."""

from __future__ import annotations

from collections.abc import Iterable


class HotspotInputError(ValueError):
    """Input a hotspot method cannot use; ``problems`` lists each problem found."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.problems: tuple[str, ...] = tuple(problems) or (message,)
        super().__init__(message)
