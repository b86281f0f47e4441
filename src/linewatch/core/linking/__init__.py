"""Entity resolution for people across agencies (Splink; DuckDB by default, Spark to scale).

The public surface: records in (:class:`PersonRecord`), :func:`link_persons` and
:func:`link_new_persons` out (:class:`LinkResult` of :class:`ScoredPair`), and
:func:`classify` to turn a probability into ``link`` / ``review`` / ``no_link``. Pure
Python and pandas; no Django. See docs/linking.md.

>>> classify(0.99, auto_link=0.95, review_floor=0.5)
'link'
"""

from typing import TYPE_CHECKING, Any

from linewatch.core.linking.records import (
    LinkResult,
    Outcome,
    PersonRecord,
    ScoredPair,
    classify,
)

if TYPE_CHECKING:
    from linewatch.core.linking.pipeline import PAIR_FLOOR, link_new_persons, link_persons

_PIPELINE = ("PAIR_FLOOR", "link_new_persons", "link_persons")


def __getattr__(name: str) -> Any:
    """The pipeline (and with it Splink and pandas, slow to import) loads on first use, so
    that every ``linewatch`` command does not pay for it."""
    if name in _PIPELINE:
        from linewatch.core.linking import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "PAIR_FLOOR",
    "LinkResult",
    "Outcome",
    "PersonRecord",
    "ScoredPair",
    "classify",
    "link_new_persons",
    "link_persons",
]
