import pytest

from linewatch.core.geography import (
    AUTHORITIES,
    LEICESTERSHIRE_COUNTY_CODE,
    LLR_AUTHORITY_CODES,
    POLICE_FORCE_AREA_CODE,
    TOWNS,
    AuthorityKind,
    GeographyError,
    Town,
    UnknownArea,
    UnknownAuthority,
    authority_at,
    locate_postcode,
    lookup_authority,
    lookup_town,
)

# DOMAIN.md section 8.2
GSS_CODES = {
    "Leicester": "E06000016",
    "Rutland": "E06000017",
    "Blaby": "E07000129",
    "Charnwood": "E07000130",
    "Harborough": "E07000131",
    "Hinckley and Bosworth": "E07000132",
    "Melton": "E07000133",
    "North West Leicestershire": "E07000134",
    "Oadby and Wigston": "E07000135",
}


def test_the_nine_llr_authorities_have_their_gss_codes() -> None:
    assert {a.name: a.code for a in AUTHORITIES} == GSS_CODES
    assert frozenset(GSS_CODES.values()) == LLR_AUTHORITY_CODES


def test_districts_sit_under_the_county_and_unitaries_do_not() -> None:
    for authority in AUTHORITIES:
        if authority.code.startswith("E06"):
            assert authority.kind is AuthorityKind.UNITARY
            assert authority.county_code is None
        else:
            assert authority.kind is AuthorityKind.DISTRICT
            assert authority.county_code == LEICESTERSHIRE_COUNTY_CODE
        assert authority.police_force_area_code == POLICE_FORCE_AREA_CODE == "E23000021"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("E07000130", "E07000130"),
        ("e07000130", "E07000130"),
        ("Charnwood", "E07000130"),
        ("  hinckley & bosworth ", "E07000132"),
        ("NW Leicestershire", "E07000134"),
        ("North-West Leicestershire", "E07000134"),
        ("Leicester City", "E06000016"),
        ("Oadby and Wigston", "E07000135"),
    ],
)
def test_lookup_authority_by_code_or_name(text: str, code: str) -> None:
    assert lookup_authority(text).code == code


@pytest.mark.parametrize("text", ["E10000018", "Nottingham", "E06000018", ""])
def test_unknown_authority_names_the_value_and_the_allowed_codes(text: str) -> None:
    with pytest.raises(UnknownAuthority) as raised:
        lookup_authority(text)
    message = str(raised.value)
    assert repr(text) in message
    assert all(code in message for code in GSS_CODES.values())
    assert isinstance(raised.value, GeographyError)
    assert isinstance(raised.value, ValueError)


def test_main_towns_belong_to_the_expected_authorities() -> None:
    expected = {
        "Loughborough": "Charnwood",
        "Shepshed": "Charnwood",
        "Syston": "Charnwood",
        "Coalville": "North West Leicestershire",
        "Ashby-de-la-Zouch": "North West Leicestershire",
        "Melton Mowbray": "Melton",
        "Market Harborough": "Harborough",
        "Lutterworth": "Harborough",
        "Hinckley": "Hinckley and Bosworth",
        "Market Bosworth": "Hinckley and Bosworth",
        "Oakham": "Rutland",
        "Uppingham": "Rutland",
        "Wigston": "Oadby and Wigston",
        "Oadby": "Oadby and Wigston",
        "Blaby": "Blaby",
        "Braunstone Town": "Blaby",
        "Narborough": "Blaby",
        "Leicester": "Leicester",
    }
    assert {t.name: lookup_authority(t.authority_code).name for t in TOWNS} == expected


@pytest.mark.parametrize("town", TOWNS, ids=lambda t: t.name)
def test_town_centres_come_from_the_postcode_data(town: Town) -> None:
    location = locate_postcode(town.centre_postcode)
    assert location.postcode == town.centre_postcode
    assert location.authority_code == town.authority_code
    assert location.bng == town.centre
    assert authority_at(town.centre) == town.authority_code


def test_lookup_town() -> None:
    assert lookup_town("ashby de la zouch").authority_code == "E07000134"
    with pytest.raises(UnknownArea, match="'Atlantis' is not a known LLR main town"):
        lookup_town("Atlantis")
