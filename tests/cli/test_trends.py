"""``linewatch trends --out FILE.csv`` against an independent pandas count of the raw files.

Two real police.uk months shipped in the repository (tests/feeds/samples/real, Open
Government Licence v3.0, see its README) are imported through the real importer in a fresh
process; the counts per local authority × quarter × category must equal a pandas count of
the raw CSVs, where the local authority comes from the packaged LSOA → LA boundary file (read
here with gzip and json, not through Linewatch), or from the point in the packaged LA
polygons when the LSOA is outside the area.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
import shapely

pytestmark = pytest.mark.own_database

LINEWATCH = Path(sys.executable).with_name("linewatch")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``linewatch ARGS`` in a fresh process, with only the given Linewatch settings."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINEWATCH_", "DATABASE_URL"))
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    environment.update(env)
    return subprocess.run(
        [str(LINEWATCH), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


REAL = Path(__file__).parents[1] / "feeds" / "samples" / "real"
MONTHS = [REAL / "2020-01-leicestershire-street.csv", REAL / "2021-02-leicestershire-street.csv"]


def _geojson(name: str) -> dict:  # type: ignore[type-arg]
    data = resources.files("linewatch.data").joinpath("geography", name).read_bytes()
    return json.loads(gzip.decompress(data))  # type: ignore[no-any-return]


def expected_counts(paths: list[Path]) -> pd.DataFrame:
    """The independent computation: pandas on the raw files."""
    rows = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths])
    lsoa_la = {
        f["properties"]["LSOA11CD"]: f["properties"]["LAD13CD"]
        for f in _geojson("lsoa2011.geojson.gz")["features"]
    }
    rows["la_code"] = rows["LSOA code"].map(lsoa_la)
    authorities = _geojson("lad2013.geojson.gz")["features"]
    polygons = [
        (f["properties"]["LAD13CD"], shapely.make_valid(shapely.geometry.shape(f["geometry"])))
        for f in authorities
    ]
    outside = rows["la_code"].isna() & (rows["Longitude"] != "")
    positions = [i for i, flag in enumerate(outside.to_numpy()) if flag]
    la = rows["la_code"].to_numpy(dtype=object)
    for i in positions:
        point = shapely.Point(float(rows["Longitude"].iat[i]), float(rows["Latitude"].iat[i]))
        la[i] = next((code for code, shape in polygons if shape.covers(point)), None)
    rows["la_code"] = la
    rows = rows[rows["la_code"].notna()]
    month = rows["Month"].str.slice(5, 7).astype(int)
    rows["quarter"] = rows["Month"].str.slice(0, 4) + "Q" + ((month - 1) // 3 + 1).astype(str)
    rows["category"] = (
        rows["Crime type"].str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True).str.strip("_")
    )
    counted = rows.groupby(["la_code", "quarter", "category"]).size().rename("count")
    return counted.reset_index().sort_values(["la_code", "quarter", "category"], ignore_index=True)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    directory = tmp_path_factory.mktemp("trends-cli")
    database = f"sqlite:///{directory / 'trends.db'}"
    imported = run("import", "police-uk-street", *map(str, MONTHS), DATABASE_URL=database)
    assert imported.returncode == 0, imported.stderr
    out = directory / "counts.csv"
    result = run("trends", "--out", str(out), DATABASE_URL=database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote ")
    written = pd.read_csv(out, dtype={"la_code": str, "quarter": str, "category": str})
    return directory, written


def test_counts_equal_an_independent_pandas_count_of_the_raw_files(
    exported: tuple[Path, pd.DataFrame],
) -> None:
    _, written = exported
    assert list(written.columns) == ["la_code", "quarter", "category", "count"]
    expected = expected_counts(MONTHS)
    assert len(expected) > 200
    pd.testing.assert_frame_equal(
        written.sort_values(["la_code", "quarter", "category"], ignore_index=True), expected
    )


def test_drug_offences_in_charnwood_are_the_drugs_rows_of_its_lsoas(
    exported: tuple[Path, pd.DataFrame],
) -> None:
    _, written = exported
    raw = pd.read_csv(MONTHS[0], dtype=str, keep_default_na=False)
    charnwood = raw[(raw["Crime type"] == "Drugs") & raw["LSOA name"].str.startswith("Charnwood")]
    row = written[
        (written.la_code == "E07000130")
        & (written.quarter == "2020Q1")
        & (written.category == "drugs")
    ]
    assert row["count"].tolist() == [len(charnwood)]
    assert set(written.quarter) == {"2020Q1", "2021Q1"}
    assert written["count"].min() > 0  # one row per combination that has data


def test_the_export_is_audited_as_a_disclosure(exported: tuple[Path, pd.DataFrame]) -> None:
    directory, _ = exported
    with sqlite3.connect(directory / "trends.db") as db:
        rows = db.execute(
            "SELECT username, summary FROM audit_auditevent "
            "WHERE action = 'disclosure' AND object_type = 'trends_counts'"
        ).fetchall()
    assert len(rows) == 1
    assert rows[0][0] == ""
    assert "command line" in rows[0][1]


def test_the_lsoa_breakdown_adds_up_and_follows_the_published_lsoas(
    exported: tuple[Path, pd.DataFrame],
) -> None:
    directory, written = exported
    out = directory / "by-lsoa.csv"
    result = run("trends", "--out", str(out), "--level", "lsoa",
                 DATABASE_URL=f"sqlite:///{directory / 'trends.db'}")  # fmt: skip
    assert result.returncode == 0, result.stderr
    by_lsoa = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(by_lsoa.columns) == ["la_code", "area_code", "quarter", "category", "count"]
    by_lsoa["count"] = by_lsoa["count"].astype(int)
    # the LSOAs (and the "not placed" remainder) of each authority add up to its count
    summed = (
        by_lsoa.groupby(["la_code", "quarter", "category"])["count"].sum().reset_index()
        .sort_values(["la_code", "quarter", "category"], ignore_index=True)
    )  # fmt: skip
    pd.testing.assert_frame_equal(
        summed, written.sort_values(["la_code", "quarter", "category"], ignore_index=True)
    )
    # a police.uk row with a Charnwood LSOA is counted in that LSOA: pandas on the raw file
    raw = pd.read_csv(MONTHS[0], dtype=str, keep_default_na=False)
    charnwood = raw[(raw["Crime type"] == "Drugs") & raw["LSOA name"].str.startswith("Charnwood")]
    expected = charnwood.groupby("LSOA code").size().to_dict()
    got = by_lsoa[
        (by_lsoa.la_code == "E07000130")
        & (by_lsoa.quarter == "2020Q1")
        & (by_lsoa.category == "drugs")
    ]
    assert dict(zip(got.area_code, got["count"], strict=True)) == expected
    # the default export is unchanged by the option's existence
    assert list(written.columns) == ["la_code", "quarter", "category", "count"]
