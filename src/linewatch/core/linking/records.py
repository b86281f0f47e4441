"""The records linkage takes in and the results it gives back (plain, frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["link", "review", "no_link"]


@dataclass(frozen=True)
class PersonRecord:
    """One agency's record of a person. Every field but ``record_id`` is optional raw text.

    ``dob`` may be written in any common way: ``2007-11-03``, ``03/11/2007``, ``11/2007``,
    ``2007``, or with day and month swapped; the pipeline parses it into parts.
    """

    record_id: str
    first_name: str = ""
    surname: str = ""
    aliases: tuple[str, ...] = ()
    dob: str = ""
    gender: str = ""
    address: str = ""
    postcode: str = ""
    town: str = ""
    phone: str = ""
    source: str = ""


@dataclass(frozen=True)
class ScoredPair:
    """Two records the model compared, with what drove its score.

    ``comparisons`` maps each compared field to the label of the comparison level that
    fired (e.g. ``{"surname": "Jaro-Winkler >= 0.92", "dob": "day/month swapped"}``);
    ``weights`` maps it to that level's partial match weight (log2 Bayes factor).
    ``left_id < right_id`` always.
    """

    left_id: str
    right_id: str
    probability: float
    match_weight: float
    comparisons: dict[str, str]
    weights: dict[str, float]


@dataclass(frozen=True)
class LinkResult:
    """Scored pairs, the entities they resolve to and each record's best match probability.

    ``model`` is the trained Splink model (its settings JSON as a dict): store it with the
    run so the result can be reproduced, and pass it to :func:`link_new_persons` to link
    new records without re-training. ``conflicts`` lists rejected pairs that analysts'
    confirmations nevertheless put in one entity (they need a second look).
    """

    pairs: list[ScoredPair]
    entity_of: dict[str, str]
    best_probability: dict[str, float]
    model: dict[str, Any] | None = None
    conflicts: list[tuple[str, str]] = field(default_factory=list)


def classify(probability: float, auto_link: float, review_floor: float) -> Outcome:
    """The outcome for a match probability: ``link`` at or above ``auto_link``, ``review``
    at or above ``review_floor``, otherwise ``no_link``.

    >>> classify(0.97, 0.95, 0.5), classify(0.6, 0.95, 0.5), classify(0.2, 0.95, 0.5)
    ('link', 'review', 'no_link')
    """
    if not 0.0 <= review_floor <= auto_link <= 1.0:
        raise ValueError(
            f"thresholds must satisfy 0 <= review_floor <= auto_link <= 1; got "
            f"review_floor={review_floor}, auto_link={auto_link}"
        )
    if probability >= auto_link:
        return "link"
    if probability >= review_floor:
        return "review"
    return "no_link"
