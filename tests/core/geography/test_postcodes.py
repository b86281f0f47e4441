import pytest

from linewatch.core.geography import (
    InvalidPostcode,
    UnknownArea,
    UnknownAuthority,
    UnknownPostcode,
    authority_boundaries,
    locate_postcode,
    lsoa_boundaries,
    postcode_index,
    postcodes_in,
    postcodes_in_ward,
    ward_boundaries,
)
from linewatch.core.geography.postcodes import load_postcode_index

# Counts per authority from the Code-Point Open README
POSTCODES_PER_AUTHORITY = {
    "E06000016": 6089,
    "E07000130": 3559,
    "E07000132": 2416,
    "E07000134": 2339,
    "E07000131": 2339,
    "E07000129": 2081,
    "E07000133": 1429,
    "E06000017": 1207,
    "E07000135": 1158,
}


@pytest.mark.parametrize(
    ("postcode", "authority_code"),
    [
        ("LE11 3TU", "E07000130"),  # Loughborough, Charnwood
        ("le113tu", "E07000130"),
        ("LE1 1AA", "E06000016"),  # Leicester
        ("LE15 6DY", "E06000017"),  # Oakham, Rutland
        ("DE11 7BS", "E07000134"),  # a Derby postcode in North West Leicestershire
        ("CV10 0RY", "E07000132"),  # a Coventry postcode in Hinckley and Bosworth
    ],
)
def test_known_postcodes_map_to_their_authority(postcode: str, authority_code: str) -> None:
    assert locate_postcode(postcode).authority_code == authority_code


def test_postcode_location_has_coordinates_ward_and_lsoa() -> None:
    location = locate_postcode("LE1 1AA")
    assert (location.easting, location.northing) == (459327, 304196)
    assert (location.lat, location.lon) == (52.632283, -1.124859)
    assert ward_boundaries().name_of(location.ward_code) == "Castle"
    assert lsoa_boundaries().name_of(location.lsoa_code).startswith("Leicester ")


def test_unknown_postcode_is_a_clear_error() -> None:
    with pytest.raises(UnknownPostcode) as raised:
        locate_postcode("sw1a 1aa")
    assert "'SW1A 1AA'" in str(raised.value)
    assert "LLR" in str(raised.value)


def test_invalid_postcode_is_a_clear_error() -> None:
    with pytest.raises(InvalidPostcode, match="'LE11 3T' is not a UK postcode"):
        locate_postcode("LE11 3T")
    assert postcode_index().get("not a postcode") is None
    assert "not a postcode" not in postcode_index()
    assert "le1 1aa" in postcode_index()


def test_postcodes_per_authority_are_complete_and_sorted() -> None:
    for code, count in POSTCODES_PER_AUTHORITY.items():
        postcodes = postcodes_in(code)
        assert len(postcodes) == count
        assert list(postcodes) == sorted(postcodes)
    assert postcodes_in("Charnwood") == postcodes_in("E07000130")
    with pytest.raises(UnknownAuthority):
        postcodes_in("E06000018")


def test_postcodes_per_ward_cover_every_postcode_once() -> None:
    wards = ward_boundaries()
    per_ward = [postcodes_in_ward(code) for code in wards.codes]
    assert sum(len(p) for p in per_ward) == len(postcode_index())
    assert all(list(p) == sorted(p) for p in per_ward)
    assert "LE1 1AA" in postcodes_in_ward("E05001789")
    with pytest.raises(UnknownArea, match="'E05999999' is not an LLR ward code"):
        postcodes_in_ward("E05999999")


def test_every_postcode_has_an_lsoa_in_its_own_authority() -> None:
    lsoas = lsoa_boundaries()
    for postcode in postcode_index():
        location = locate_postcode(postcode)
        assert lsoas.authority_of(location.lsoa_code) == location.authority_code


def test_postcode_points_fall_in_their_published_authority() -> None:
    authorities = authority_boundaries()
    locations = [locate_postcode(pc) for pc in postcode_index()]
    found = authorities.codes_at([x.lon for x in locations], [x.lat for x in locations])
    agree = sum(f == x.authority_code for f, x in zip(found, locations, strict=True))
    # Generalised boundaries move a handful of border postcodes next door.
    assert agree / len(locations) > 0.999


def test_index_holds_every_packaged_postcode() -> None:
    lsoa_boundaries.cache_clear()
    index = load_postcode_index()
    assert len(index) == 22_617
