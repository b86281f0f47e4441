"""Risk scores: evidence decays, saturates, is explained, and a missing feed is not "no risk"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.risk import (
    OFFENCE,
    Signal,
    SignalTable,
    Subject,
    WeightsError,
    at_k,
    lead_days,
    load_weights,
    ranked,
    score_table,
)
from linewatch.core.risk.weights import parse_weights

AS_OF = date(2021, 6, 30)
WEIGHTS = load_weights()


def address(n: int, area: str = "E07000130") -> Subject:
    return Subject(f"location:{n}", f"{n} Sample Street", area, easting=450000, northing=320000)


def table(*signals: Signal, subjects: int = 3) -> SignalTable:
    return SignalTable([address(n) for n in range(subjects)], signals)


def test_more_signals_rank_an_address_higher_and_explain_why() -> None:
    signals = [
        Signal("location:1", "asb_reports", AS_OF - timedelta(days=3), "event:1"),
        Signal("location:1", "intelligence_mentions", AS_OF - timedelta(days=10), "event:2"),
        Signal("location:1", "vulnerable_resident", None, "person:9", note="adult at risk"),
        Signal("location:2", "asb_reports", AS_OF - timedelta(days=3), "event:3"),
    ]
    top = ranked(table(*signals), WEIGHTS["cuckooing"], AS_OF, limit=3)
    assert [r.subject.id for r in top[:2]] == ["location:1", "location:2"]
    first = top[0]
    factors = {f.factor: f for f in first.factors}
    assert factors["vulnerable_resident"].records == ("person:9",)
    assert factors["vulnerable_resident"].notes == ("adult at risk",)
    assert set(factors["asb_reports"].records) == {"event:1"}
    assert "a vulnerable resident" in first.explanation
    assert first.next_step.startswith("Safeguarding visit")
    assert top[2].score == 0


def test_evidence_halves_every_half_life_and_the_future_does_not_count() -> None:
    half_life = WEIGHTS["cuckooing"].half_life_days
    old = AS_OF - timedelta(days=int(half_life))
    t = table(
        Signal("location:0", "asb_reports", AS_OF, "event:1"),
        Signal("location:1", "asb_reports", old, "event:2"),
        Signal("location:2", "asb_reports", AS_OF + timedelta(days=1), "event:3"),
    )
    evidence = t.evidence("asb_reports", AS_OF, half_life)
    assert evidence[0] == pytest.approx(1.0)
    assert evidence[1] == pytest.approx(0.5)
    assert evidence[2] == 0


def test_a_feed_not_supplied_lowers_confidence_and_is_named() -> None:
    t = table(Signal("location:0", "asb_reports", AS_OF, "event:1"))
    everything = frozenset(
        {"asb", "persons", "intelligence", "community-reports", "missing-episodes",
         "needle-finds", "drug-seizures", "police-uk-stop-search", "police-uk-street",
         "treatment-referrals", "county lines register"}
    )  # fmt: skip
    full = ranked(t, WEIGHTS["cuckooing"], AS_OF, supplied=lambda area: everything, limit=1)[0]
    assert full.confidence == 1.0
    assert full.missing_feeds == ()
    partial = ranked(
        t, WEIGHTS["cuckooing"], AS_OF, supplied=lambda area: frozenset({"asb"}), limit=1
    )[0]
    assert partial.confidence < 0.5
    assert "needle-finds" in partial.missing_feeds
    assert "Not known (no data)" in partial.explanation
    assert partial.score == full.score  # not known is not read as zero, nor as more


def test_rfg_bands_from_offences() -> None:
    people = [Subject("person:1", "A"), Subject("person:2", "B")]
    t = SignalTable(
        people,
        [
            *(
                Signal("person:1", OFFENCE, AS_OF - timedelta(days=20 * n), f"event:{n}", 1643)
                for n in range(8)
            ),
            Signal("person:2", OFFENCE, AS_OF - timedelta(days=700), "event:99", 5),
        ],
    )
    bands = t.rfg_bands(AS_OF)
    assert (bands["recency"][0], bands["frequency"][0], bands["gravity"][0]) == (5, 5, 5)
    assert (bands["recency"][1], bands["frequency"][1], bands["gravity"][1]) == (2, 1, 1)
    scores = score_table(t, WEIGHTS["enablers"], AS_OF).scores
    assert scores[0] > scores[1] > 0


@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.sampled_from(["asb_reports", "intelligence_mentions", "needles_nearby"]),
            st.integers(0, 400),
            st.floats(0.1, 5),
        ),
        max_size=40,
    )
)
def test_scores_stay_between_0_and_100_and_grow_with_evidence(
    raw: list[tuple[int, str, int, float]],
) -> None:
    signals = [
        Signal(f"location:{s}", f, AS_OF - timedelta(days=d), f"event:{i}", a)
        for i, (s, f, d, a) in enumerate(raw)
    ]
    before = score_table(table(*signals), WEIGHTS["cuckooing"], AS_OF).scores
    assert ((before >= 0) & (before <= 100)).all()
    more = [*signals, Signal("location:0", "asb_reports", AS_OF, "event:new")]
    after = score_table(table(*more), WEIGHTS["cuckooing"], AS_OF).scores
    assert after[0] > before[0]
    assert (after[1:] == before[1:]).all()


def test_weights_file_errors_name_the_place(tmp_path: object) -> None:
    good = (
        "cuckooing: {weights: {asb_reports: 1}}\n"
        "victims: {weights: {missing_episodes: 1}}\n"
        "enablers: {weights: {gravity: 1}}\n"
    )
    assert parse_weights(good, "w.yaml")["cuckooing"].weights == {"asb_reports": 1.0}
    with pytest.raises(WeightsError, match=r"w.yaml: cuckooing.weights.barking: unknown factor"):
        parse_weights(good.replace("asb_reports", "barking"), "w.yaml")
    with pytest.raises(WeightsError, match="cannot be negative"):
        parse_weights(good.replace("asb_reports: 1", "asb_reports: -2"), "w.yaml")
    with pytest.raises(WeightsError, match="expected a number"):
        parse_weights(good.replace("asb_reports: 1", "asb_reports: lots"), "w.yaml")
    with pytest.raises(WeightsError, match="unknown list hotspots"):
        parse_weights(good + "hotspots: {weights: {}}\n", "w.yaml")
    with pytest.raises(WeightsError, match="half_life_days must be more than 0"):
        parse_weights(
            good.replace("{weights: {gravity: 1}}", "{half_life_days: 0, weights: {gravity: 1}}"),
            "w.yaml",
        )
    with pytest.raises(WeightsError, match="not valid YAML"):
        parse_weights("cuckooing: [", "w.yaml")


def test_precision_recall_and_lead_time() -> None:
    found = at_k(["a", "b", "a", "c", "d"], {"a", "d", "z"}, 3)
    assert (found.hits, found.precision, found.recall) == (
        1,
        pytest.approx(1 / 3),
        pytest.approx(1 / 3),
    )
    leads = lead_days({"a": date(2020, 1, 1)}, {"a": date(2020, 2, 1), "b": date(2020, 3, 1)})
    assert leads == [31]
