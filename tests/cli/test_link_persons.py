"""``linewatch link persons`` on small synthetic CSVs: entities group the right rows, and
every mistake is one clear message with exit code 2 (usage) or 1 (the file)."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from linewatch.cli.groups import main_group

pytestmark = pytest.mark.own_database

# The linking tests' synthetic people (tests/ is not a package, so load the file itself).
_PEOPLE = Path(__file__).parents[1] / "core" / "linking" / "people.py"
_spec = importlib.util.spec_from_file_location("linking_test_people", _PEOPLE)
assert _spec is not None
assert _spec.loader is not None
_people = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_people)
population = _people.population

COLUMNS = ["ref", "forename", "family_name", "born", "post_code", "street", "mobile", "alias"]


def write_people(path: Path, extra_rows: list[dict[str, str]] | None = None) -> dict[str, str]:
    records, truth = population()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for r in records:
            writer.writerow(
                {
                    "ref": r.record_id,
                    "forename": r.first_name,
                    "family_name": r.surname,
                    "born": r.dob,
                    "post_code": r.postcode,
                    "street": r.address,
                    "mobile": r.phone,
                    "alias": "",
                }
            )
        for row in extra_rows or []:
            writer.writerow(row)
    return truth


def link(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main_group, ["link", "persons", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


MAPS = [
    "--map",
    "first_name=forename",
    "--map",
    "surname=family_name",
    "--map",
    "dob=born",
    "--map",
    "postcode=post_code",
    "--map",
    "address=street",
    "--map",
    "phone=mobile",
    "--map",
    "aliases=alias",
]


def read_out(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_duplicates_share_an_entity_and_blank_rows_stand_alone(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    blank = {column: "" for column in COLUMNS} | {"ref": "Z1"}
    truth = write_people(source, [blank])
    out = tmp_path / "entities.csv"
    code, output = link(str(source), "--out", str(out), *MAPS, "--id", "ref")
    assert code == 0, output
    rows = read_out(out)
    assert list(rows[0]) == ["id", "entity_id", "match_probability"]
    assert [row["id"] for row in rows] == [*truth, "Z1"]  # every row, in file order
    entity = {row["id"]: row["entity_id"] for row in rows}
    probability = {row["id"]: float(row["match_probability"]) for row in rows}
    duplicates = [d for d in truth if d.startswith("B")]
    missed = [d for d in duplicates if entity[d] != entity["A" + d[1:]]]
    assert len(missed) <= 2, missed
    people_per_entity: dict[str, set[str]] = {}
    for record, person in truth.items():
        people_per_entity.setdefault(entity[record], set()).add(person)
    assert all(len(people) == 1 for people in people_per_entity.values())
    assert entity["Z1"] == "Z1"
    assert probability["Z1"] == 0.0
    assert all(probability[d] >= 0.95 for d in duplicates if d not in missed)


def test_febrl_style_columns_with_spaces_after_commas(tmp_path: Path) -> None:
    source = tmp_path / "febrl.csv"
    source.write_text(
        "rec_id, given_name, surname, date_of_birth, postcode, suburb\n"
        + "".join(
            f"rec-{n}-org, {first}, {last}, 19{60 + n}0{1 + n % 9}1{n % 9}, 26{n:02d}, town{n}\n"
            for n, (first, last) in enumerate(
                [
                    ("lachlan", "berry"),
                    ("sarah", "bruhn"),
                    ("jacob", "lanyon"),
                    ("mitchell", "green"),
                    ("harley", "mccarthy"),
                    ("emily", "nguyen"),
                ]
            )
        )
        + "rec-0-dup-0, lachlan, berrry, 19600110, 2600, town0\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    code, output = link(
        str(source),
        "--out",
        str(out),
        "--id",
        "rec_id",
        "--map",
        "first_name=given_name",
        "--map",
        "surname=surname",
        "--map",
        "dob=date_of_birth",
        "--map",
        "postcode=postcode",
        "--map",
        "town=suburb",
    )
    assert code == 0, output
    rows = read_out(out)
    assert len(rows) == 7
    assert {row["id"] for row in rows} == {f"rec-{n}-org" for n in range(6)} | {"rec-0-dup-0"}
    entity = {row["id"]: row["entity_id"] for row in rows}
    assert entity["rec-0-dup-0"] == entity["rec-0-org"]
    assert len(set(entity.values())) == 6


def _tiny(path: Path, text: str = "id,first,last\n1,Jay,Smith\n2,Bill,Jones\n") -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "nickname=first"], "unknown field 'nickname'"),
        (["--map", "first_name"], "should be FIELD=COLUMN"),
        (["--map", "first_name=given"], "no column 'given'"),
        (["--map", "first_name=first", "--id", "ref"], "--id 'ref'"),
        ([], "map at least one field"),
    ],
)
def test_usage_mistakes_name_the_field_or_column(
    tmp_path: Path, args: list[str], message: str
) -> None:
    source = _tiny(tmp_path / "in.csv")
    if "--id" not in args:
        args = [*args, "--id", "id"]
    code, output = link(str(source), "--out", str(tmp_path / "out.csv"), *args)
    assert code == 2, output
    assert message in output
    assert not (tmp_path / "out.csv").exists()


def test_missing_id_option_is_a_usage_error(tmp_path: Path) -> None:
    code, output = link(str(_tiny(tmp_path / "in.csv")), "--out", str(tmp_path / "o.csv"))
    assert code == 2
    assert "--id" in output


def test_missing_input_file(tmp_path: Path) -> None:
    code, output = link(
        str(tmp_path / "nope.csv"),
        "--out",
        str(tmp_path / "o.csv"),
        "--map",
        "surname=last",
        "--id",
        "id",
    )
    assert code == 2
    assert "nope.csv" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"id,first,last\n", "no rows"),
        (b"id,first,last\n1,Jay,Smith\n1,Bill,Jones\n", "id '1' in column 'id' is repeated"),
        (b"id,first,last\n1,Jay,Smith\n,Bill,Jones\n", "line 3"),
        (b"id,first,last\n1,Jos\xe9,Smith\n", "not UTF-8"),
    ],
)
def test_bad_files_exit_1_with_a_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    code, output = link(
        str(source), "--out", str(tmp_path / "out.csv"), "--map", "surname=last", "--id", "id"
    )
    assert code == 1, output
    assert message in output
    assert not (tmp_path / "out.csv").exists()


def test_help_states_the_output_header() -> None:
    result = CliRunner().invoke(main_group, ["link", "persons", "--help"])
    assert result.exit_code == 0
    assert "id,entity_id,match_probability" in result.output
