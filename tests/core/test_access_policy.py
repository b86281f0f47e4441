"""The access policy as a table: every role x agency kind x own/other x handling code x
sensitivity x area x record class, checked against the rules in docs/access-policy.md.

The expectation table below is written from the documented rules, not from the code: each row
is one numbered rule of the table in docs/access-policy.md, and the first row that matches a
case gives the expected answer. No Django is needed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.core.access import (
    AGENCY_KINDS,
    HANDLING_CODES,
    RECORD_CLASSES,
    SENSITIVITIES,
    Decision,
    Marking,
    Role,
    Viewer,
    can_see_aggregates,
    decide,
)

FULL, STUB, HIDDEN = Decision.VISIBLE, Decision.REDACTED, Decision.HIDDEN
ANY = None

VIEWER_AREAS = frozenset({"E07000130", "E07000133"})  # Charnwood and Melton
AREA_IN, AREA_OUT = "E07000130", "E06000016"  # Charnwood; Leicester
AREAS = {"in": AREA_IN, "out": AREA_OUT, "unknown": None}

ANALYSTS = {Role.POLICE_ANALYST, Role.PARTNER_ANALYST}
POLICE_OFFICERS = {Role.POLICE_OFFICER, Role.NEIGHBOURHOOD_COMMANDER}
POLICE_ROLES = {Role.POLICE_ANALYST} | POLICE_OFFICERS
CASE_ROLES = set(Role) - {Role.ADMINISTRATOR, Role.AUDITOR, Role.TREATMENT_PROVIDER}
NOT_RESTRICTED = {"standard", "sensitive"}


@dataclass(frozen=True)
class Case:
    """One cell of the matrix, in the words of the documented table."""

    role: Role
    viewer_kind: str
    own: bool
    owner_kind: str
    handling: str
    sensitivity: str
    area: str  # "in", "out", "unknown" relative to the viewer's areas ("in" if it has none)
    record_class: str

    @property
    def police_at_force(self) -> bool:
        return self.role in POLICE_ROLES and self.viewer_kind == "police"

    @property
    def partner(self) -> bool:
        return not self.police_at_force


@dataclass(frozen=True)
class Rule:
    """A row of the table: the columns a case must match (``ANY`` matches everything)."""

    number: int
    roles: set[Role] | None
    own: bool | None
    handling: set[str] | None
    sensitivity: set[str] | None
    area: set[str] | None
    record_class: set[str] | None
    answer: Decision
    who: Callable[[Case], bool] = lambda case: True
    owner: Callable[[Case], bool] = lambda case: True

    def matches(self, case: Case) -> bool:
        return (
            (self.roles is None or case.role in self.roles)
            and (self.own is None or case.own == self.own)
            and (self.handling is None or case.handling in self.handling)
            and (self.sensitivity is None or case.sensitivity in self.sensitivity)
            and (self.area is None or case.area in self.area)
            and (self.record_class is None or case.record_class in self.record_class)
            and self.who(case)
            and self.owner(case)
        )


def _police_at_force(case: Case) -> bool:
    return case.police_at_force


def _partner(case: Case) -> bool:
    return case.partner


def _held_by_police(case: Case) -> bool:
    return case.owner_kind == "police"


def _held_by_non_police(case: Case) -> bool:
    return case.owner_kind != "police"


# fmt: off
TABLE = [
    Rule(1, {Role.ADMINISTRATOR}, ANY, ANY, ANY, ANY, ANY, HIDDEN),
    Rule(2, {Role.AUDITOR}, ANY, ANY, ANY, ANY, ANY, STUB),
    Rule(3, {Role.TREATMENT_PROVIDER}, True, ANY, ANY, ANY, ANY, FULL),
    Rule(4, {Role.TREATMENT_PROVIDER}, False, ANY, ANY, ANY, ANY, HIDDEN),
    Rule(5, ANALYSTS, True, ANY, ANY, ANY, ANY, FULL),
    Rule(6, ANY, True, ANY, {"restricted"}, ANY, ANY, STUB),
    Rule(7, ANY, True, ANY, NOT_RESTRICTED, ANY, ANY, FULL),
    Rule(8, {Role.POLICE_ANALYST}, False, ANY, {"restricted"}, ANY, ANY, STUB,
         who=_police_at_force),
    Rule(9, POLICE_OFFICERS, False, ANY, {"restricted"}, ANY, ANY, HIDDEN, who=_police_at_force),
    Rule(10, POLICE_OFFICERS, False, {"C"}, NOT_RESTRICTED, ANY, ANY, STUB, who=_police_at_force),
    Rule(11, POLICE_ROLES, False, ANY, NOT_RESTRICTED, ANY, ANY, FULL, who=_police_at_force),
    Rule(12, ANY, False, ANY, {"restricted"}, ANY, ANY, HIDDEN, who=_partner),
    Rule(13, ANY, False, ANY, NOT_RESTRICTED, {"out"}, ANY, HIDDEN, who=_partner),
    Rule(14, ANY, False, {"C"}, NOT_RESTRICTED, {"in", "unknown"}, ANY, STUB, who=_partner),
    Rule(15, ANY, False, {"P"}, NOT_RESTRICTED, {"in", "unknown"}, {"intelligence"}, STUB,
         who=_partner, owner=_held_by_police),
    Rule(16, ANY, False, {"P"}, {"standard"}, {"in", "unknown"}, {"intelligence"}, FULL,
         who=_partner, owner=_held_by_non_police),
    Rule(17, ANY, False, {"P"}, {"sensitive"}, {"in", "unknown"}, {"intelligence"}, STUB,
         who=_partner, owner=_held_by_non_police),
    Rule(18, ANY, False, {"P"}, {"sensitive"}, {"in", "unknown"},
         {"person", "event", "intervention"}, STUB, who=_partner),
    Rule(19, ANY, False, {"P"}, {"sensitive"}, {"in", "unknown"}, {"location", "line"}, FULL,
         who=_partner),
    Rule(20, ANY, False, {"P"}, {"standard"}, {"in", "unknown"},
         {"person", "location", "event", "line", "intervention"}, FULL, who=_partner),
]
# fmt: on


def expected(case: Case) -> tuple[Decision, int]:
    for rule in TABLE:
        if rule.matches(case):
            return rule.answer, rule.number
    raise AssertionError(f"the documented table has no row for {case}")


def _viewer_and_marking(case: Case, *, viewer_areas: frozenset[str]) -> tuple[Viewer, Marking]:
    viewer = Viewer("viewer-agency", case.viewer_kind, case.role, viewer_areas)
    owner_code = "viewer-agency" if case.own else "other-agency"
    marking = Marking(
        record_class=case.record_class,
        owning_agency_code=owner_code,
        owning_agency_kind=case.owner_kind,
        handling_code=case.handling,
        sensitivity=case.sensitivity,
        area_code=AREAS[case.area],
    )
    return viewer, marking


def all_cases(role: Role, record_class: str) -> list[Case]:
    cases = []
    for viewer_kind, own, owner_kind, handling, sensitivity, area in itertools.product(
        AGENCY_KINDS, (True, False), AGENCY_KINDS, HANDLING_CODES, SENSITIVITIES, AREAS
    ):
        if own and owner_kind != viewer_kind:
            continue  # a record of the viewer's own agency is held by an agency of its kind
        cases.append(
            Case(role, viewer_kind, own, owner_kind, handling, sensitivity, area, record_class)
        )
    return cases


@pytest.mark.parametrize("record_class", RECORD_CLASSES)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_cell_of_the_matrix_matches_the_documented_table(
    role: Role, record_class: str
) -> None:
    mismatches = []
    cases = all_cases(role, record_class)
    for case in cases:
        viewer, marking = _viewer_and_marking(case, viewer_areas=VIEWER_AREAS)
        want, rule = expected(case)
        got = decide(viewer, marking)
        if got is not want:
            mismatches.append(f"{case}: rule {rule} says {want.value}, policy says {got.value}")
    assert len(cases) == 8 * (1 + 8) * 2 * 3 * 3
    assert not mismatches, f"{len(mismatches)} cells differ, e.g.\n" + "\n".join(mismatches[:10])


@pytest.mark.parametrize("record_class", RECORD_CLASSES)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_a_viewer_whose_agency_covers_no_area_is_not_limited_by_area(
    role: Role, record_class: str
) -> None:
    """Crimestoppers covers no particular area: every record is "in" its area for the rules."""
    mismatches = []
    for case in all_cases(role, record_class):
        viewer, marking = _viewer_and_marking(case, viewer_areas=frozenset())
        want, rule = expected(Case(**{**case.__dict__, "area": "unknown"}))
        got = decide(viewer, marking)
        if got is not want:
            mismatches.append(f"{case}: rule {rule} says {want.value}, policy says {got.value}")
    assert not mismatches, "\n".join(mismatches[:10])


def test_every_rule_of_the_table_is_used() -> None:
    """A rule no cell reaches is a rule the documentation states but nobody tested."""
    used = {
        expected(case)[1]
        for role in Role
        for record_class in RECORD_CLASSES
        for case in all_cases(role, record_class)
    }
    assert used == {rule.number for rule in TABLE}


def test_the_documentation_states_every_rule_of_the_table() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "access-policy.md").read_text("utf-8")
    rows = [line for line in doc.splitlines() if line.startswith("| ") and line[2:4].strip()]
    numbered = {int(line.split("|")[1]) for line in rows if line.split("|")[1].strip().isdigit()}
    assert numbered == {rule.number for rule in TABLE}


# Worked examples from docs/access-policy.md, with the demo agencies (police covers all of LLR).
POLICE = ("leicestershire-police", "police")
CHARNWOOD = ("charnwood-bc", "council")
COUNTY = ("leicestershire-county-council", "safeguarding")
RECOVERY = ("llr-recovery", "treatment")
CHARNWOOD_AREAS = frozenset({"E07000130"})
MELTON = "E07000133"


def _viewer(agency: tuple[str, str], role: Role, areas: frozenset[str] = frozenset()) -> Viewer:
    return Viewer(agency[0], agency[1], role, areas)


def _record(
    cls: str, agency: tuple[str, str], handling: str = "P", sens: str = "standard", area: str = ""
) -> Marking:
    return Marking(cls, agency[0], agency[1], handling, sens, area or None)


AMY = _viewer(CHARNWOOD, Role.PARTNER_PRACTITIONER, CHARNWOOD_AREAS)
RAJ = _viewer(CHARNWOOD, Role.PARTNER_ANALYST, CHARNWOOD_AREAS)
TOM = _viewer(POLICE, Role.POLICE_OFFICER)
PRIYA = _viewer(POLICE, Role.POLICE_ANALYST)
JO = _viewer(RECOVERY, Role.TREATMENT_PROVIDER)
GRAHAM = _viewer(POLICE, Role.AUDITOR)
SAM = _viewer(POLICE, Role.ADMINISTRATOR)

EXAMPLES = [
    (
        "Amy sees a police ASB report in Charnwood",
        AMY,
        _record("event", POLICE, area="E07000130"),
        FULL,
    ),
    (
        "Amy is not told of a police ASB report in Melton",
        AMY,
        _record("event", POLICE, area=MELTON),
        HIDDEN,
    ),
    (
        "Amy gets a stub of police intelligence about Charnwood",
        AMY,
        _record("intelligence", POLICE, area="E07000130"),
        STUB,
    ),
    (
        "Amy reads standard county-council intelligence",
        AMY,
        _record("intelligence", COUNTY, area="E07000130"),
        FULL,
    ),
    (
        "Amy gets a stub of a sensitive county-council person record",
        AMY,
        _record("person", COUNTY, sens="sensitive", area="E07000130"),
        STUB,
    ),
    (
        "Amy sees a sensitive cuckooed address",
        AMY,
        _record("location", COUNTY, sens="sensitive", area="E07000130"),
        FULL,
    ),
    (
        "Amy gets a stub of a C-coded county record",
        AMY,
        _record("event", COUNTY, handling="C", area="E07000130"),
        STUB,
    ),
    (
        "Amy gets a stub of her own council's restricted record",
        AMY,
        _record("event", CHARNWOOD, sens="restricted"),
        STUB,
    ),
    (
        "Raj (analyst) reads his own council's restricted record",
        RAJ,
        _record("event", CHARNWOOD, sens="restricted"),
        FULL,
    ),
    ("Tom gets a stub of a C-coded council record", TOM, _record("event", CHARNWOOD, "C"), STUB),
    ("Priya reads a C-coded council record", PRIYA, _record("event", CHARNWOOD, "C"), FULL),
    (
        "Priya reads restricted police intelligence",
        PRIYA,
        _record("intelligence", POLICE, sens="restricted"),
        FULL,
    ),
    (
        "Tom gets a stub of restricted police intelligence",
        TOM,
        _record("intelligence", POLICE, sens="restricted"),
        STUB,
    ),
    (
        "Amy is not told of restricted police intelligence",
        AMY,
        _record("intelligence", POLICE, sens="restricted", area="E07000130"),
        HIDDEN,
    ),
    (
        "Priya gets a stub of a restricted council record",
        PRIYA,
        _record("person", CHARNWOOD, sens="restricted"),
        STUB,
    ),
    (
        "Tom is not told of a restricted council record",
        TOM,
        _record("person", CHARNWOOD, sens="restricted"),
        HIDDEN,
    ),
    ("Jo sees her service's referrals", JO, _record("event", RECOVERY), FULL),
    ("Jo is not told of a police seizure", JO, _record("event", POLICE), HIDDEN),
    ("Graham gets a stub of a council record", GRAHAM, _record("person", CHARNWOOD), STUB),
    ("Sam sees nothing of his own force's records", SAM, _record("event", POLICE), HIDDEN),
]


@pytest.mark.parametrize(
    ("viewer", "record", "answer"),
    [example[1:] for example in EXAMPLES],
    ids=[example[0] for example in EXAMPLES],
)
def test_worked_examples(viewer: Viewer, record: Marking, answer: Decision) -> None:
    assert decide(viewer, record) is answer


def test_counts_and_maps_are_for_everyone_but_the_administrator() -> None:
    assert [role for role in Role if not can_see_aggregates(_viewer(POLICE, role))] == [
        Role.ADMINISTRATOR
    ]


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("record_class", "note", "record class"),
        ("handling_code", "X", "handling code"),
        ("sensitivity", "secret", "sensitivity"),
    ],
)
def test_a_marking_outside_the_vocabulary_is_refused(field: str, value: str, named: str) -> None:
    values = {"record_class": "event", "owning_agency_code": "a", "owning_agency_kind": "police"}
    with pytest.raises(ValueError, match=named):
        Marking(**{**values, field: value})


# Invariants over every possible viewer and record.
codes = st.sampled_from(["agency-a", "agency-b", "agency-c"])
area_codes = st.sampled_from(["E07000130", "E07000133", "E06000016", "E06000017"])
viewers = st.builds(
    Viewer,
    agency_code=codes,
    agency_kind=st.sampled_from(AGENCY_KINDS),
    role=st.sampled_from(list(Role)),
    areas=st.frozensets(area_codes, max_size=3),
)
markings = st.builds(
    Marking,
    record_class=st.sampled_from(RECORD_CLASSES),
    owning_agency_code=codes,
    owning_agency_kind=st.sampled_from(AGENCY_KINDS),
    handling_code=st.sampled_from(HANDLING_CODES),
    sensitivity=st.sampled_from(SENSITIVITIES),
    area_code=st.none() | area_codes,
)


@given(viewers, markings)
def test_administrators_see_nothing(viewer: Viewer, record: Marking) -> None:
    admin = Viewer(viewer.agency_code, viewer.agency_kind, Role.ADMINISTRATOR, viewer.areas)
    assert decide(admin, record) is HIDDEN


@given(viewers, markings)
def test_auditors_see_only_stubs(viewer: Viewer, record: Marking) -> None:
    auditor = Viewer(viewer.agency_code, viewer.agency_kind, Role.AUDITOR, viewer.areas)
    assert decide(auditor, record) is STUB


@given(viewers, markings)
def test_treatment_providers_never_see_another_agencys_records(
    viewer: Viewer, record: Marking
) -> None:
    provider = Viewer(viewer.agency_code, "treatment", Role.TREATMENT_PROVIDER, viewer.areas)
    if record.owning_agency_code != provider.agency_code:
        assert decide(provider, record) is HIDDEN


@given(viewers, markings)
def test_restricted_records_never_reach_another_agency_in_full(
    viewer: Viewer, record: Marking
) -> None:
    if record.sensitivity == "restricted" and record.owning_agency_code != viewer.agency_code:
        assert decide(viewer, record) is not FULL


@given(viewers, markings)
def test_c_coded_records_never_reach_a_partner_in_full(viewer: Viewer, record: Marking) -> None:
    police_at_force = viewer.role in POLICE_ROLES and viewer.agency_kind == "police"
    other = record.owning_agency_code != viewer.agency_code
    if record.handling_code == "C" and other and not police_at_force:
        assert decide(viewer, record) is not FULL


@given(viewers, markings)
def test_an_agency_always_knows_its_own_records_exist(viewer: Viewer, record: Marking) -> None:
    if viewer.role is Role.ADMINISTRATOR:
        return
    own = Marking(
        record.record_class,
        viewer.agency_code,
        viewer.agency_kind,
        record.handling_code,
        record.sensitivity,
        record.area_code,
    )
    assert decide(viewer, own) is not HIDDEN


@given(viewers, markings)
def test_stricter_markings_never_show_more(viewer: Viewer, record: Marking) -> None:
    """Raising the sensitivity or turning P into C never turns a stub into full, or hidden
    into anything shown."""
    rank = {HIDDEN: 0, STUB: 1, FULL: 2}
    base = rank[decide(viewer, record)]
    order = list(SENSITIVITIES)
    for sensitivity in order[order.index(record.sensitivity) :]:
        for handling in ("P", "C") if record.handling_code == "P" else ("C",):
            stricter = Marking(
                record.record_class,
                record.owning_agency_code,
                record.owning_agency_kind,
                handling,
                sensitivity,
                record.area_code,
            )
            assert rank[decide(viewer, stricter)] <= base
