"""The re-emergence watch against the simulator's ground truth, and the outcome analysis."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.interventions import (
    ActivityEvent,
    LineOutcome,
    analyse,
    kaplan_meier,
    touched_by_new_activity,
    watch_after,
)
from linewatch.core.interventions.outcomes import wilson_interval


@pytest.fixture(scope="module")
def truth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from linewatch.simulate import simulate

    out = tmp_path_factory.mktemp("watch") / "scenario"
    simulate(seed=3, weeks=52, scale=0.3, out=out)
    return out / "truth"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _id(text: str) -> int:
    return int(text[1:])


def _day(text: str) -> date:
    return date.fromisoformat(text)


def test_every_re_emerged_line_touches_the_watch_on_the_line_it_replaced(truth: Path) -> None:
    lines = {row["line_id"]: row for row in _rows(truth / "lines.csv")}
    members = _rows(truth / "line_members.csv")
    homes = _rows(truth / "cuckooed_addresses.csv")
    # What a new line does that a partner would record: its people join it, it takes over homes.
    events = [
        ActivityEvent(
            ref=f"{m['line_id']}:{m['person_id']}:{m['role']}",
            kind="stop_search" if m["role"] == "runner" else "intelligence",
            occurred_on=_day(m["from"]),
            person_ids=frozenset({_id(m["person_id"])}),
            line_ids=frozenset({_id(m["line_id"])}),
        )
        for m in members
        if m["from"]
    ] + [
        ActivityEvent(
            ref=f"{h['line_id']}:{h['address_id']}",
            kind="asb",
            occurred_on=_day(h["cuckooed_from"]),
            location_ids=frozenset({_id(h["address_id"])}),
            person_ids=frozenset({_id(h["resident_person_id"])}),
            line_ids=frozenset({_id(h["line_id"])}),
        )
        for h in homes
    ]
    successors = [row for row in lines.values() if row["re_emerged_from"]]
    assert successors, "the scenario has no re-emerged line; choose another seed"
    for successor in successors:
        old = lines[successor["re_emerged_from"]]
        watch = watch_after(
            _id(old["line_id"]),
            _day(old["disrupted_at"]),
            person_ids=[_id(m["person_id"]) for m in members if m["line_id"] == old["line_id"]],
            location_ids=[_id(h["address_id"]) for h in homes if h["line_id"] == old["line_id"]],
        )
        touches = touched_by_new_activity(watch, events)
        from_successor = [t for t in touches if t.event_ref.startswith(successor["line_id"])]
        assert from_successor, f"{successor['line_id']} never touched {old['line_id']}'s watch"
        assert all(watch.starts_on <= t.occurred_on <= watch.ends_on for t in touches)
        assert not [t for t in touches if t.event_ref.startswith(old["line_id"] + ":")]
        assert from_successor[0].days_after_disruption > 0


def test_activity_before_the_disruption_or_after_the_watch_is_not_a_touch() -> None:
    watch = watch_after(1, date(2026, 1, 10), days=30, customer_phones=["+447700900123"])
    phone = frozenset({"+447700900123"})
    before = ActivityEvent("A", "intelligence", date(2026, 1, 10), phones=phone)
    during = ActivityEvent("B", "handset_contact", date(2026, 2, 9), phones=phone)
    after = ActivityEvent("C", "intelligence", date(2026, 2, 10), phones=phone)
    unrelated_kind = ActivityEvent("D", "street_crime", date(2026, 1, 20), phones=phone)
    touches = touched_by_new_activity(watch, [after, during, before, unrelated_kind])
    assert [(t.event_ref, t.via) for t in touches] == [("B", ("customer phone:+447700900123",))]


@given(st.integers(min_value=1, max_value=720), st.dates(date(2020, 1, 1), date(2030, 1, 1)))
def test_a_watch_covers_exactly_the_days_asked_for(days: int, disrupted: date) -> None:
    watch = watch_after(1, disrupted, days=days)
    assert (watch.ends_on - watch.starts_on).days + 1 == days
    assert not watch.is_open_on(disrupted)


# ----------------------------------------------------------------------------- outcomes


def _line(
    n: int, tactics: set[str], closed_after: int | None, back_after: int | None
) -> LineOutcome:
    start = date(2025, 1, 1) + timedelta(days=n)
    closed = start + timedelta(days=closed_after) if closed_after is not None else None
    back = closed + timedelta(days=back_after) if closed and back_after is not None else None
    return LineOutcome(
        line_id=n,
        name=f"L{n}",
        first_action_on=start,
        tactics=frozenset(tactics),
        observed_until=date(2026, 6, 1),
        closed_on=closed,
        re_emerged_on=back,
    )


def test_kaplan_meier_matches_the_hand_calculation() -> None:
    # 5 lines: closures at 2, 4 (x2), censored at 3 and 6. S(2)=4/5, S(4)=4/5*(1-2/3)=4/15.
    curve = kaplan_meier([2, 3, 4, 4, 6], [True, False, True, True, False])
    by_day = dict(zip(curve.days, curve.still_open, strict=True))
    assert by_day[2.0] == pytest.approx(0.8)
    assert by_day[4.0] == pytest.approx(4 / 15)
    assert curve.median_days == 4.0
    assert all(
        lo <= s <= hi for lo, s, hi in zip(curve.lower, curve.still_open, curve.upper, strict=True)
    )


def test_small_groups_say_too_few_lines_and_larger_ones_give_a_median() -> None:
    lines = [_line(i, {"enforcement", "closure"}, 10 + i, 40 if i % 2 else None) for i in range(8)]
    lines += [_line(100 + i, {"enforcement"}, 60, None) for i in range(2)]
    singles, combos = analyse(lines, minimum=5)
    enforcement = next(g for g in singles if g.key == ("enforcement",))
    assert enforcement.lines == 10
    assert enforcement.enough
    assert "half the lines closed within" in enforcement.verdict
    alone = next(g for g in combos if g.key == ("enforcement",))
    assert alone.lines == 2
    assert alone.verdict == "too few lines to say"
    both = next(g for g in combos if g.key == ("closure", "enforcement"))
    rate = both.re_emerged[90]
    assert (rate.events, rate.eligible) == (4, 8)
    assert rate.low is not None
    assert rate.low < 0.5 < (rate.high or 0)


def test_a_line_closed_recently_is_not_counted_for_the_180_day_rate() -> None:
    recent = LineOutcome(
        1, "L1", date(2026, 1, 1), frozenset({"closure"}), date(2026, 6, 1), date(2026, 3, 1)
    )
    singles, _ = analyse([recent], minimum=1)
    assert singles[0].re_emerged[90].eligible == 1
    assert singles[0].re_emerged[180].eligible == 0
    assert singles[0].re_emerged[180].share is None


@given(st.integers(0, 50), st.integers(1, 50))
def test_the_wilson_interval_contains_the_observed_share(events: int, n: int) -> None:
    events = min(events, n)
    interval = wilson_interval(events, n)
    assert interval is not None
    low, high = interval
    assert 0.0 <= low <= events / n <= high <= 1.0
