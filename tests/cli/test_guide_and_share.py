"""``linewatch guide --out DIR`` and ``linewatch share person|line ID ...`` in a fresh process,
on a tiny simulated scenario: the files, their paths on stdout, the disclosure log, errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

pytestmark = pytest.mark.own_database

LINEWATCH = Path(sys.executable).with_name("linewatch")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINEWATCH_", "DATABASE_URL"))
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    environment.update(env)
    return subprocess.run(
        [str(LINEWATCH), *args], capture_output=True, text=True, env=environment,
        timeout=600, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    directory = tmp_path_factory.mktemp("guide-cli")
    scenario = directory / "scenario"
    made = run("simulate", "--seed", "5", "--weeks", "8", "--scale", "0.02", "--out", str(scenario))
    assert made.returncode == 0, made.stderr
    url = f"sqlite:///{directory / 'guide.db'}"
    loaded = run("load-scenario", str(scenario), "--register-lines", DATABASE_URL=url)
    assert loaded.returncode == 0, loaded.stderr
    return directory, url


def _query(directory: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(directory / "guide.db") as connection:
        return connection.execute(sql).fetchall()


def test_guide_writes_html_and_pdf_and_prints_their_paths(database: tuple[Path, str]) -> None:
    directory, url = database
    out = directory / "guide"
    result = run("guide", "--out", str(out), DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert [p.name for p in paths] == ["guide.html", "guide.pdf"]
    assert "Disrupting county lines: what works" in paths[0].read_text(encoding="utf-8")
    pdf = pdfium.PdfDocument(paths[1])
    assert len(pdf) >= 1
    text = pdf[0].get_textpage().get_text_range()
    assert "what works" in text
    logged = _query(directory, "select recipients from audit_auditevent where action='disclosure'")
    assert any(str(out.resolve()) in str(row[0]) for row in logged)


def test_share_line_writes_a_logged_package(database: tuple[Path, str]) -> None:
    directory, url = database
    (line_id, force), *_ = _query(
        directory,
        "select id, exporting_force from lines_countyline where exporting_force != '' order by id",
    )
    out = directory / "packages"
    result = run(
        "share", "line", str(line_id), "--purpose", "The exporting force's investigation",
        "--lawful-basis", "DPA 2018 Part 3 s35", "--out", str(out), DATABASE_URL=url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    json_path, pdf_path = (Path(line) for line in result.stdout.splitlines())
    package = json.loads(json_path.read_text(encoding="utf-8"))
    assert package["subject"] == {"type": "line", "reference": f"countyline:{line_id}"}
    assert package["recipients"] == [force]
    assert package["exported_by"] == "cli:linewatch-share"
    assert pdf_path.read_bytes().startswith(b"%PDF")
    (summary, recipients, justification), *_ = _query(
        directory,
        "select summary, recipients, justification from audit_auditevent "
        "where action='disclosure' and object_type='county_line' order by id desc",
    )
    assert recipients == force
    assert "lawful basis: DPA 2018 Part 3 s35" in str(justification)
    assert f"line {line_id}" in str(summary)


def test_share_refuses_an_unknown_record_and_a_thin_purpose(database: tuple[Path, str]) -> None:
    directory, url = database
    out = directory / "refused"
    missing = run(
        "share", "person", "999999", "--purpose", "Bail management on return",
        "--lawful-basis", "DPA 2018 s35", "--out", str(out), "--recipients", "West Midlands Police",
        DATABASE_URL=url,
    )  # fmt: skip
    assert missing.returncode == 1
    assert "No person 999999" in missing.stderr
    (person_id,), *_ = _query(directory, "select id from pole_person order by id")
    thin = run(
        "share", "person", str(person_id), "--purpose", "x", "--lawful-basis", "DPA 2018 s35",
        "--out", str(out), "--recipients", "West Midlands Police", DATABASE_URL=url,
    )  # fmt: skip
    assert thin.returncode == 1
    assert "Say why the package is shared" in thin.stderr
    assert "Traceback" not in thin.stderr
