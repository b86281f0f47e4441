from pathlib import Path

import pytest

from linewatch.core.geography import (
    AUTHORITIES,
    NpaConfigurationError,
    UnknownArea,
    UnknownAuthority,
    load_npa_map,
    npa_for,
    npa_map,
    parse_npa_map,
    ward_boundaries,
)
from linewatch.core.geography.npa import NPA_FILE_ENV

CASTLE, BELGRAVE, NEW_PARKS = "E05001789", "E05001787", "E05001799"
LEICESTER, CHARNWOOD = "E06000016", "E07000130"


def test_default_mapping_splits_leicester_and_keeps_districts_whole() -> None:
    assert npa_for(CASTLE, LEICESTER) == "Leicester City Centre"
    assert npa_for(BELGRAVE, LEICESTER) == "Leicester East"
    assert npa_for(NEW_PARKS, LEICESTER) == "Leicester West"
    assert npa_for(None, CHARNWOOD) == "Charnwood"
    assert npa_for(None, "Rutland") == "Rutland"


def test_every_ward_has_an_npa() -> None:
    wards = ward_boundaries()
    names = {npa_for(w, wards.authority_of(w)) for w in wards.codes}
    assert names == set(npa_map().names)
    assert len(names) == 11
    leicester = {npa_for(w, LEICESTER) for w in wards.codes_in(LEICESTER)}
    assert leicester == {"Leicester City Centre", "Leicester East", "Leicester West"}


def test_npa_lookup_errors() -> None:
    with pytest.raises(UnknownArea, match="not in E07000130 Charnwood"):
        npa_for(CASTLE, CHARNWOOD)
    with pytest.raises(UnknownArea, match="a ward code is needed"):
        npa_for(None, LEICESTER)
    with pytest.raises(UnknownAuthority):
        npa_for(None, "E06000018")


def test_operator_file_replaces_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = ", ".join(a.code for a in AUTHORITIES)
    custom = tmp_path / "npa.yaml"
    custom.write_text(
        "neighbourhood_policing_areas:\n"
        f"  - name: Whole force\n    authorities: [{codes}]\n"
        f"  - name: Castle beat\n    wards: [{CASTLE}]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(NPA_FILE_ENV, str(custom))
    mapping = load_npa_map()
    assert mapping.source == str(custom)
    assert mapping.npa_for(CASTLE, LEICESTER) == "Castle beat"
    assert mapping.npa_for(BELGRAVE, LEICESTER) == "Whole force"


def test_every_problem_in_a_bad_file_is_reported() -> None:
    text = (
        "neighbourhood_policing_areas:\n"
        "  - name: A\n    authorities: [E07000129, E99999999]\n"
        "  - name: A\n    wards: [E05001789, E05001789, X]\n    beats: []\n"
        "  - {}\n"
    )
    with pytest.raises(NpaConfigurationError) as raised:
        parse_npa_map(text, "bad.yaml")
    problems = raised.value.problems
    joined = "\n".join(problems)
    assert "'E99999999' is not an LLR authority code" in joined
    assert "defined twice" in joined
    assert "ward E05001789 is already in 'A'" in joined
    assert "'X' is not an LLR ward code" in joined
    assert "unknown keys ['beats']" in joined
    assert "non-empty 'name'" in joined
    assert "E07000130 Charnwood has no NPA" in joined
    assert all(p.startswith("bad.yaml") for p in problems)


@pytest.mark.parametrize("text", ["", "[]", "neighbourhood_policing_areas: []"])
def test_empty_files_are_rejected(text: str) -> None:
    with pytest.raises(NpaConfigurationError, match="neighbourhood_policing_areas"):
        parse_npa_map(text, "empty.yaml")
