"""docs/geography.md describes every module and the packaged NPA split of Leicester."""

import pkgutil
import re
from pathlib import Path

import linewatch.core.geography as geography
from linewatch.core.geography import npa_map, ward_boundaries

DOC = (Path(__file__).parents[3] / "docs" / "geography.md").read_text(encoding="utf-8")
DATA = Path(geography.__file__).parents[2] / "data" / "geography"


def test_every_module_is_documented() -> None:
    for module in pkgutil.iter_modules(geography.__path__):
        if module.name != "reference_data":
            assert f"`{module.name}.py`" in DOC, module.name


def test_every_packaged_file_is_documented() -> None:
    for path in DATA.iterdir():
        assert f"`{path.name}`" in DOC, path.name


def test_the_documented_leicester_split_matches_npa_yaml() -> None:
    wards = ward_boundaries()
    for code in wards.codes_in("E06000016"):
        npa = npa_map().by_ward[code]
        bullet = re.search(rf"- \*\*{npa}\*\*[^\n]*(?:\n  [^\n]*)*", DOC)
        assert bullet is not None, npa
        assert wards.name_of(code) in bullet.group(0), (npa, wards.name_of(code))
