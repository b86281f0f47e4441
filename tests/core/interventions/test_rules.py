"""Validation of interventions and bail conditions: each refusal names its field."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.interventions import (
    CustodyRecord,
    InterventionDraft,
    InterventionError,
    PriorIntervention,
    status_move_for,
    validate_bail,
    validate_intervention,
)
from linewatch.core.interventions.closure import LONDON

TODAY = date(2026, 3, 1)
SERVED = datetime(2026, 3, 2, 15, 0, tzinfo=LONDON)
NOTICE = PriorIntervention(
    id=1, kind="closure_notice", started_on=SERVED.date(), location_id=7, served_at=SERVED
)


def _fields(error: pytest.ExceptionInfo[InterventionError]) -> set[str]:
    return set(error.value.by_field())


def _order(**changes: object) -> InterventionDraft:
    values: dict[str, object] = {
        "kind": "closure_order",
        "started_on": date(2026, 3, 4),
        "ends_on": date(2026, 6, 4),
        "location_id": 7,
        "hearing_at": SERVED + timedelta(hours=40),
    }
    values.update(changes)
    return InterventionDraft(**values)  # type: ignore[arg-type]


def test_a_closure_order_without_a_notice_is_refused_naming_the_notice() -> None:
    with pytest.raises(InterventionError, match="closure notice served on the same premises"):
        validate_intervention(_order(), [], today=TODAY)


def test_a_notice_on_other_premises_does_not_count() -> None:
    elsewhere = PriorIntervention(2, "closure_notice", SERVED.date(), location_id=99)
    with pytest.raises(InterventionError) as error:
        validate_intervention(_order(), [elsewhere], today=TODAY)
    assert _fields(error) == {"notice"}


def test_an_order_after_its_notice_within_the_limits_is_accepted() -> None:
    validate_intervention(_order(), [NOTICE], today=TODAY)


def test_an_order_made_before_its_named_notice_is_refused() -> None:
    later_notice = PriorIntervention(3, "closure_notice", date(2026, 3, 5), location_id=7)
    with pytest.raises(InterventionError, match="before its closure notice") as error:
        validate_intervention(
            _order(started_on=date(2026, 3, 4), notice_id=3, hearing_at=None),
            [later_notice],
            today=TODAY,
        )
    assert _fields(error) == {"started_on"}


def test_an_order_longer_than_three_months_is_refused() -> None:
    with pytest.raises(InterventionError, match="at most 3 months") as error:
        validate_intervention(_order(ends_on=date(2026, 6, 5)), [NOTICE], today=TODAY)
    assert _fields(error) == {"ends_on"}


def test_a_hearing_later_than_48_hours_is_refused_unless_adjourned() -> None:
    late = SERVED + timedelta(hours=60)
    with pytest.raises(InterventionError) as error:
        validate_intervention(_order(hearing_at=late), [NOTICE], today=TODAY)
    assert _fields(error) == {"hearing_at"}
    validate_intervention(_order(hearing_at=late, adjourned=True), [NOTICE], today=TODAY)


def test_an_extension_beyond_six_months_in_all_is_refused() -> None:
    order = PriorIntervention(
        5, "closure_order", date(2026, 3, 4), location_id=7, ends_on=date(2026, 6, 4), follows_id=1
    )
    extension = _order(started_on=date(2026, 6, 1), ends_on=date(2026, 9, 5), extends_id=5)
    with pytest.raises(InterventionError, match="6 months in all") as error:
        validate_intervention(extension, [NOTICE, order], today=TODAY)
    assert _fields(error) == {"ends_on"}
    validate_intervention(
        _order(started_on=date(2026, 6, 1), ends_on=date(2026, 9, 4), extends_id=5),
        [NOTICE, order],
        today=TODAY,
    )


def test_a_notice_needs_its_service_time_and_a_lawful_length() -> None:
    draft = InterventionDraft("closure_notice", date(2026, 3, 2), location_id=7, notice_hours=72)
    with pytest.raises(InterventionError) as error:
        validate_intervention(draft, today=TODAY)
    assert _fields(error) == {"served_at", "notice_hours"}


def test_a_notice_or_order_needs_premises() -> None:
    draft = InterventionDraft(
        "closure_notice", SERVED.date(), line_id=3, served_at=SERVED, notice_hours=24
    )
    with pytest.raises(InterventionError) as error:
        validate_intervention(draft, today=TODAY)
    assert _fields(error) == {"location"}


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 1, 1)),
    st.integers(min_value=1, max_value=400),
)
def test_dates_out_of_order_are_always_refused_naming_the_later_field(
    start: date, gap: int
) -> None:
    earlier = start - timedelta(days=gap)
    draft = InterventionDraft("arrest", start, person_id=1, ends_on=earlier, follow_up_on=earlier)
    with pytest.raises(InterventionError) as error:
        validate_intervention(draft, today=TODAY)
    assert _fields(error) == {"ends_on", "follow_up_on"}


def test_an_intervention_needs_a_target_and_a_start() -> None:
    with pytest.raises(InterventionError) as error:
        validate_intervention(InterventionDraft("arrest", None), today=TODAY)
    assert _fields(error) == {"line", "started_on"}


def test_an_adult_nrm_referral_needs_consent() -> None:
    adult = InterventionDraft("nrm_referral", TODAY, person_id=1)
    with pytest.raises(InterventionError, match="Duty to notify"):
        validate_intervention(adult, today=TODAY)
    child = InterventionDraft("nrm_referral", TODAY, person_id=1, details={"child": True})
    validate_intervention(child, today=TODAY)


# ----------------------------------------------------------------------------- bail

ARREST = CustodyRecord(person_id=4, kind="arrest", on=date(2026, 2, 1))


def test_bail_for_a_person_never_arrested_or_charged_is_refused() -> None:
    with pytest.raises(InterventionError, match="in custody") as error:
        validate_bail(
            person_id=4,
            starts_on=date(2026, 2, 2),
            expires_on=date(2026, 5, 2),
            area_codes=["E07000130"],
            custody=[CustodyRecord(person_id=9, kind="arrest", on=date(2026, 2, 1))],
        )
    assert _fields(error) == {"person"}


def test_bail_starting_before_the_arrest_is_refused() -> None:
    with pytest.raises(InterventionError, match="in custody"):
        validate_bail(
            person_id=4,
            starts_on=date(2026, 1, 30),
            expires_on=date(2026, 5, 2),
            area_codes=["E07000130"],
            custody=[ARREST],
        )


def test_bail_with_areas_and_non_contact_after_an_arrest_is_accepted() -> None:
    bail = validate_bail(
        person_id=4,
        starts_on=date(2026, 2, 2),
        expires_on=date(2026, 5, 2),
        area_codes=["e07000130", "E01025683 ", "E07000130"],
        no_contact_person_ids=[8, 8, 9],
        custody=[ARREST],
    )
    assert bail.area_codes == ("E07000130", "E01025683")
    assert bail.no_contact_person_ids == (8, 9)
    assert bail.as_details()["expires_on"] == "2026-05-02"


def test_bad_area_codes_expiry_and_polygon_are_each_named() -> None:
    with pytest.raises(InterventionError) as error:
        validate_bail(
            person_id=4,
            starts_on=date(2026, 2, 2),
            expires_on=date(2026, 2, 1),
            area_codes=["LE11 3TU"],
            polygon_text='{"type": "Point", "coordinates": [0, 0]}',
            custody=[ARREST],
        )
    assert _fields(error) == {"exclusion_area_codes", "ends_on", "exclusion_polygon"}


def test_a_drawn_polygon_in_leicestershire_is_accepted_and_swapped_axes_are_refused() -> None:
    ring = [[-1.21, 52.77], [-1.19, 52.77], [-1.19, 52.79], [-1.21, 52.79], [-1.21, 52.77]]
    polygon = json.dumps({"type": "Polygon", "coordinates": [ring]})
    bail = validate_bail(
        person_id=4,
        starts_on=date(2026, 2, 2),
        expires_on=date(2026, 3, 2),
        polygon_text=polygon,
        custody=[ARREST],
    )
    assert bail.polygon is not None
    swapped = json.dumps({"type": "Polygon", "coordinates": [[[y, x] for x, y in ring]]})
    with pytest.raises(InterventionError, match="outside Great Britain"):
        validate_bail(
            person_id=4,
            starts_on=date(2026, 2, 2),
            expires_on=date(2026, 3, 2),
            polygon_text=swapped,
            custody=[ARREST],
        )


def test_bail_without_any_condition_is_refused() -> None:
    with pytest.raises(InterventionError, match="at least one condition"):
        validate_bail(
            person_id=4, starts_on=date(2026, 2, 2), expires_on=date(2026, 3, 2), custody=[ARREST]
        )


# ----------------------------------------------------------------------------- status


def test_arrest_of_the_holder_disrupts_an_active_line() -> None:
    move = status_move_for(
        "arrest", kind_label="Arrest", line_status="active", person_role="holder"
    )
    assert move is not None
    assert move.new_status == "disrupted"


def test_arrest_of_a_customer_moves_nothing() -> None:
    assert (
        status_move_for("arrest", kind_label="Arrest", line_status="active", person_role="user")
        is None
    )


def test_a_type_2_closure_closes_a_disrupted_line() -> None:
    move = status_move_for(
        "handset_seizure", kind_label="Handset seizure", line_status="disrupted", closes_line="2"
    )
    assert move is not None
    assert (move.new_status, move.closure_type) == ("closed", "2")


def test_a_closed_or_suspected_line_is_not_disrupted() -> None:
    for status in ("closed", "suspected", "disrupted"):
        assert (
            status_move_for(
                "closure_notice",
                kind_label="Closure notice",
                line_status=status,
                at_line_address=True,
            )
            is None
        )


# The register's lifecycle (linewatch.web.lines.models.ALLOWED_TRANSITIONS, DESIGN.md).
LIFECYCLE = {
    "suspected": {"active", "closed"},
    "active": {"disrupted", "closed"},
    "disrupted": {"active", "closed"},
    "closed": {"re_emerged"},
    "re_emerged": {"active", "disrupted", "closed"},
}
KINDS = [
    "arrest", "charge", "bail_conditions", "closure_notice", "closure_order", "warrant",
    "handset_seizure", "safeguarding_child", "nrm_referral", "treatment_referral",
]  # fmt: skip


@given(
    st.sampled_from(KINDS),
    st.sampled_from(sorted(LIFECYCLE)),
    st.sampled_from([None, "holder", "controller", "runner", "user", "cuckooed_resident"]),
    st.booleans(),
    st.sampled_from(["", "1", "2"]),
)
def test_a_proposed_move_is_always_one_the_lifecycle_allows(
    kind: str, status: str, role: str | None, at_address: bool, closes: str
) -> None:
    move = status_move_for(
        kind,
        kind_label=kind,
        line_status=status,
        person_role=role,
        at_line_address=at_address,
        closes_line=closes,
    )
    if move is None:
        return
    assert move.new_status in LIFECYCLE[status]
    assert (move.closure_type != "") == (move.new_status == "closed")
    assert move.reason
