"""Entity resolution for people across agencies (Splink; DuckDB by default, Spark to scale).

The public surface: records in (:class:`PersonRecord`), :func:`link_persons` and
:func:`link_new_persons` out (:class:`LinkResult` of :class:`ScoredPair`), and
:func:`classify` to turn a probability into ``link`` / ``review`` / ``no_link``. Pure
Python and pandas; no Django. See docs/linking.md.

>>> classify(0.99, auto_link=0.95, review_floor=0.5)
'link'
"""

from linewatch.core.linking.pipeline import PAIR_FLOOR, link_new_persons, link_persons
from linewatch.core.linking.records import (
    LinkResult,
    Outcome,
    PersonRecord,
    ScoredPair,
    classify,
)

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
