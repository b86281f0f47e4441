import pytest

from linewatch.core.geography import UnknownArea, imd2015, imd2015_table, lsoa_boundaries


def test_every_llr_lsoa_has_an_imd_2015_rank_and_decile() -> None:
    table = imd2015_table()
    assert set(table) == set(lsoa_boundaries().codes)
    assert all(1 <= d.rank <= 32_844 and 1 <= d.decile <= 10 for d in table.values())
    deciles = {d.decile for d in table.values()}
    assert deciles == set(range(1, 11))


def test_rank_and_decile_agree() -> None:
    for d in imd2015_table().values():
        assert d.decile == min(10, (d.rank - 1) * 10 // 32_844 + 1)


def test_unknown_lsoa() -> None:
    with pytest.raises(UnknownArea, match="'E01031349' is not an LLR LSOA"):
        imd2015("E01031349")  # Adur, West Sussex
