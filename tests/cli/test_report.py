"""``linewatch report quarterly`` and ``report board`` on a real police.uk month: the files,
the PDF's pages as images and its text, suppression, bad arguments, audit."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

pytestmark = pytest.mark.own_database

LINEWATCH = Path(sys.executable).with_name("linewatch")
MONTH = (
    Path(__file__).parents[1] / "feeds" / "samples" / "real" / "2021-02-leicestershire-street.csv"
)


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


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    directory = tmp_path_factory.mktemp("report-cli")
    url = f"sqlite:///{directory / 'report.db'}"
    imported = run("import", "police-uk-street", str(MONTH), DATABASE_URL=url)
    assert imported.returncode == 0, imported.stderr
    return directory, url


def annex(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as handle:
        return {row["category"]: row for row in csv.DictReader(handle)}


def test_writes_html_pdf_and_annex_and_prints_their_paths(database: tuple[Path, str]) -> None:
    directory, url = database
    out = directory / "police"
    result = run(
        "report", "quarterly", "--la", "E07000130", "--quarter", "2021Q1",
        "--audience", "police", "--out", str(out), DATABASE_URL=url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    stem = "quarterly-E07000130-2021Q1-police"
    assert [p.name for p in paths] == [
        f"{stem}.html", f"{stem}.pdf", f"{stem}-annex.csv", f"{stem}-annex.xlsx",
    ]  # fmt: skip
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    raw = list(csv.DictReader(MONTH.open(newline="")))
    drugs = sum(
        1 for r in raw if r["Crime type"] == "Drugs" and r["LSOA name"].startswith("Charnwood")
    )
    assert annex(paths[2])["drugs"]["count"] == str(drugs)
    pdf = pdfium.PdfDocument(paths[1])
    assert len(pdf) > 0
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Charnwood" in text
    assert "Method note" in text
    for i in range(len(pdf)):
        image = pdf[i].render(scale=0.5).to_pil().convert("L")
        low, high = image.getextrema()
        assert low < 128 < high, f"page {i + 1} is blank"


def test_the_partner_version_suppresses_small_numbers(database: tuple[Path, str]) -> None:
    directory, url = database
    out = directory / "partner"
    result = run(
        "report", "quarterly", "--la", "E06000017", "--quarter", "2021Q1",
        "--suppress-below", "10", "--out", str(out), DATABASE_URL=url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = annex(out / "quarterly-E06000017-2021Q1-partner-annex.csv")
    small = [r for r in rows.values() if r["note"] == "fewer than 10"]
    assert small, "Rutland in one month has some counts under 10"
    assert all(r["count"] == "" for r in small)
    shown = [int(r["count"]) for r in rows.values() if r["count"]]
    assert all(n == 0 or n >= 10 for n in shown)


def test_a_quarter_with_no_data_says_so_in_words(database: tuple[Path, str]) -> None:
    directory, url = database
    out = directory / "empty"
    result = run(
        "report", "quarterly", "--la", "E07000130", "--quarter", "2019Q2",
        "--out", str(out), DATABASE_URL=url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (out / "quarterly-E07000130-2019Q2-partner.html").read_text()
    assert "There is no data for Charnwood in April to June 2019" in html
    assert annex(out / "quarterly-E07000130-2019Q2-partner-annex.csv")["drugs"]["note"] == (
        "no data"
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--la", "E99999999", "--quarter", "2020Q4"], "--la"),
        (["--la", "Narnia", "--quarter", "2020Q4"], "--la"),
        (["--la", "E07000130", "--quarter", "2020Q5"], "--quarter"),
        (["--la", "E07000130", "--quarter", "Q4 2020"], "--quarter"),
    ],
)
def test_bad_arguments_exit_2_with_one_clear_message(
    args: list[str], named: str, tmp_path: Path
) -> None:
    result = run("report", "quarterly", *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {named}")
    assert not (tmp_path / "out").exists()


def test_each_run_is_audited_as_a_disclosure_by_the_command_line(
    database: tuple[Path, str],
) -> None:
    directory, url = database
    board = run(
        "report",
        "board",
        "--quarter",
        "2021Q1",
        "--out",
        str(directory / "board"),
        DATABASE_URL=url,
    )
    assert board.returncode == 0, board.stderr
    assert len(board.stdout.splitlines()) == 4
    with sqlite3.connect(directory / "report.db") as db:
        rows = db.execute(
            "SELECT object_type, username, user_id, summary, recipients FROM audit_auditevent "
            "WHERE action = 'disclosure' ORDER BY id"
        ).fetchall()
    kinds = [r[0] for r in rows]
    assert "quarterly_report" in kinds
    assert kinds[-1] == "board_update"
    assert all(r[1] == "" and r[2] is None for r in rows)
    assert all("from the command line" in r[3] for r in rows)
