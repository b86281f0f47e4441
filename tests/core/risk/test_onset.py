"""The cuckooing model's onset factor: a rise in reports against the address's own history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from linewatch.core.risk import Signal, SignalTable, Subject, WeightsError, load_weights, ranked
from linewatch.core.risk.logistic import onset_evidence, terms
from linewatch.core.risk.weights import parse_weights

AS_OF = date(2021, 6, 30)
CUCKOOING = load_weights()["cuckooing"]


def addresses(n: int) -> list[Subject]:
    return [Subject(f"location:{i}", f"{i} Sample Street", "E07000130") for i in range(n)]


def weekly(subject: int, weeks: int, factor: str = "asb_reports") -> list[Signal]:
    """One report a week at ``location:subject`` for the last ``weeks`` weeks."""
    return [
        Signal(f"location:{subject}", factor, AS_OF - timedelta(weeks=w), f"event:{subject}-{w}")
        for w in range(weeks)
    ]


def test_a_place_busy_all_year_shows_little_onset_and_a_new_pattern_a_lot() -> None:
    table = SignalTable(addresses(3), weekly(0, 52) + weekly(1, 4) + weekly(2, 4, "asb_reports"))
    table.add(weekly(2, 52)[8:])  # the same four recent weeks, after a year of reports
    values, evidence = terms(table, CUCKOOING, AS_OF, every=True)
    steady, new, both = evidence["reports_onset"]
    assert new > 3 * steady
    assert new > both
    assert values["reports_onset"][1] > values["reports_onset"][0]
    # the busy place has more reports in the usual terms; onset is what tells them apart
    assert evidence["asb_reports"][0] > evidence["asb_reports"][1]


def test_onset_counts_intelligence_and_is_never_negative() -> None:
    signals = weekly(0, 52, "intelligence_mentions") + weekly(1, 3, "intelligence_mentions")
    table = SignalTable(addresses(3), signals)
    found = onset_evidence(table, "intelligence_mentions", AS_OF, CUCKOOING.recent_half_life_days)
    assert found.min() >= 0
    assert found[2] == 0, "no reports, no onset"
    _, evidence = terms(table, CUCKOOING, AS_OF, every=True)
    assert evidence["reports_onset"][1] > evidence["reports_onset"][0]
    # the future does not exist yet: before the three reports there is no onset
    _, earlier = terms(table, CUCKOOING, AS_OF - timedelta(weeks=4), every=True)
    assert earlier["reports_onset"][1] == 0


def test_an_onset_row_lists_the_reports_behind_it() -> None:
    weights = parse_weights(
        "cuckooing:\n  model: logistic\n  intercept: -4\n  weights:\n    reports_onset: 6\n"
        "victims:\n  weights:\n    exploitation_signs: 1\n"
        "enablers:\n  weights:\n    recency: 1\n",
        "w.yaml",
    )["cuckooing"]
    table = SignalTable(addresses(2), weekly(0, 52) + weekly(1, 3))
    top = ranked(table, weights, AS_OF, limit=2)
    assert top[0].subject.id == "location:1"
    onset = next(f for f in top[0].factors if f.factor == "reports_onset")
    assert set(onset.records) == {"event:1-0", "event:1-1", "event:1-2"}
    assert onset.points == pytest.approx(top[0].score, abs=0.05)
    assert "sudden rise" in onset.label


def test_onset_needs_the_logistic_model() -> None:
    text = (
        "cuckooing:\n  weights:\n    asb_reports: 1\n    reports_onset: 2\n"
        "victims:\n  weights:\n    exploitation_signs: 1\n"
        "enablers:\n  weights:\n    recency: 1\n"
    )
    with pytest.raises(WeightsError, match=r"reports_onset.*model: logistic"):
        parse_weights(text, "w.yaml")
