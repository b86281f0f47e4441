"""The fitted cuckooing model: combinations count, recency counts, rows stay explained; the
fit keeps weights >= 0; the ranking measures that do not depend on k."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from linewatch.core.risk import Signal, SignalTable, Subject, WeightsError, load_weights, ranked
from linewatch.core.risk.evaluation import average_precision, r_precision
from linewatch.core.risk.fitting import fit_logistic
from linewatch.core.risk.scoring import ENFORCEMENT, score_table
from linewatch.core.risk.weights import parse_weights

AS_OF = date(2021, 6, 30)
WEIGHTS = load_weights()
CUCKOOING = WEIGHTS["cuckooing"]


def addresses(n: int) -> list[Subject]:
    return [Subject(f"location:{i}", f"{i} Sample Street", "E07000130") for i in range(n)]


def days_ago(n: int) -> date:
    return AS_OF - timedelta(days=n)


def test_the_packaged_cuckooing_weights_are_the_fitted_logistic_model() -> None:
    assert CUCKOOING.model == "logistic"
    assert CUCKOOING.combinations
    assert all(w >= 0 for w in CUCKOOING.weights.values())


def test_a_vulnerable_resident_with_asb_outranks_either_alone_and_is_explained() -> None:
    signals = [
        Signal("location:0", "vulnerable_resident", None, "person:1", note="adult at risk"),
        Signal("location:1", "asb_reports", days_ago(5), "event:1"),
        Signal("location:1", "asb_reports", days_ago(12), "event:2"),
        Signal("location:2", "vulnerable_resident", None, "person:2"),
        Signal("location:2", "asb_reports", days_ago(5), "event:3"),
        Signal("location:2", "asb_reports", days_ago(12), "event:4"),
    ]
    top = ranked(SignalTable(addresses(4), signals), CUCKOOING, AS_OF, limit=4)
    assert [r.subject.id for r in top[:3]] == ["location:2", "location:1", "location:0"]
    assert top[3].score == 0, "no signals, no score"
    both = {f.factor: f for f in top[0].factors}
    assert set(both["asb_reports"].records) == {"event:3", "event:4"}
    assert both["vulnerable_resident"].records == ("person:2",)
    assert sum(f.points for f in top[0].factors) == pytest.approx(top[0].score, abs=0.05)
    assert "a vulnerable resident" in top[0].explanation
    # the combination is shared between its two factors: each gets more than alone
    alone = {f.factor: f.points for f in top[2].factors}
    assert both["vulnerable_resident"].points > alone["vulnerable_resident"]


def test_recent_reports_count_for_more_than_the_same_reports_long_ago() -> None:
    signals = [Signal("location:0", "asb_reports", days_ago(3 + i), f"event:{i}") for i in range(3)]
    signals += [
        Signal("location:1", "asb_reports", days_ago(60 + i), f"event:{10 + i}") for i in range(4)
    ]
    scores = score_table(SignalTable(addresses(2), signals), CUCKOOING, AS_OF).scores
    assert scores[0] > scores[1]


def test_reset_on_enforcement_counts_evidence_only_after_a_warrant() -> None:
    signals = [
        Signal("location:0", "asb_reports", days_ago(40 + i), f"event:{i}") for i in range(5)
    ] + [Signal("location:0", ENFORCEMENT, days_ago(20), "event:99", note="drug seizure")]
    t = SignalTable(addresses(1), signals)
    assert score_table(t, CUCKOOING, AS_OF).scores[0] > 0
    reset = replace(CUCKOOING, reset_on_enforcement=True)
    assert score_table(t, reset, AS_OF).scores[0] == 0
    # before the warrant, nothing is reset
    assert score_table(t, reset, days_ago(25)).scores[0] > 0


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("  model: logistic\n  combinations:\n    'asb_reports & barking': 1\n", "barking"),
        ("  model: logistic\n  combinations:\n    asb_reports: 1\n", "two factors"),
        ("  model: logistic\n  recent_weights:\n    asb_reports: -1\n", "negative"),
        ("  model: linear\n", "model must be"),
        ("  intercept: -3\n", "need model: logistic"),
    ],
)
def test_a_bad_logistic_section_is_refused_with_its_place(section: str, message: str) -> None:
    text = (
        "cuckooing:\n  weights:\n    asb_reports: 1\n"
        + section
        + "victims:\n  weights:\n    exploitation_signs: 1\n"
        + "enablers:\n  weights:\n    recency: 1\n"
    )
    with pytest.raises(WeightsError, match=message):
        parse_weights(text, "w.yaml")


def test_the_fit_keeps_weights_non_negative_and_finds_the_signal() -> None:
    rng = np.random.default_rng(1)
    x = rng.random((4000, 3))
    logit = -4 + 6 * x[:, 0] - 3 * x[:, 1]  # the second term would lower the score
    y = (rng.random(4000) < 1 / (1 + np.exp(-logit))).astype(float)
    fitted = fit_logistic(["good", "bad", "noise"], x, y, l2=1e-6)
    assert fitted.weights["good"] > 3
    assert fitted.weights["bad"] == 0
    assert fitted.weights["noise"] < 1
    assert fitted.positives == int(y.sum())


def test_r_precision_and_average_precision() -> None:
    assert r_precision(["a", "x", "b", "y"], {"a", "b"}) == 0.5
    assert average_precision(["a", "x", "b", "y"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision(["x", "a"], {"a", "never-ranked"}) == pytest.approx(0.25)
    assert r_precision([], set()) is None
