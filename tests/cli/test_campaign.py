"""``linewatch campaign prepare``: counts per reason, from real files, with and without a
database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from linewatch.cli.groups import main_group

REASONS = {
    "invalid",
    "duplicate",
    "excluded",
    "opted_out",
    "known_child",
    "police_or_partner",
    "do_not_contact",
    "not_mobile",
}
CONTACTS = """phone,contact_name,message_count
07700 900001,Gaz,12
+447700900001,Gaz again,3
7700900002,Big Sue,40
0044 7700 900003,Kez,1
not a number,?,2
0116 496 0123,Landline,1
07700900004,Mo,5
07700 900005,Kid,9
07700 900006,PC Smith,1
07700 900007,Victim,2
07700 900008,Stopped,4
"""


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _prepare(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main_group, ["campaign", "prepare", *args])
    return result.exit_code, result.output


def _json(*args: str) -> dict[str, Any]:
    code, output = _prepare(*args, "--json")
    assert code == 0, output
    shape: dict[str, Any] = json.loads(output)
    assert set(shape["removed"]) >= REASONS
    assert shape["eligible"] + sum(shape["removed"].values()) == shape["input_rows"]
    return shape


def test_files_alone_count_every_reason_and_say_the_database_was_skipped(
    tmp_path: Path,
) -> None:
    contacts = _write(tmp_path / "contacts.csv", CONTACTS)
    first = _write(tmp_path / "exclude1.csv", "phone\n+44 7700 900004\n")
    second = _write(tmp_path / "exclude2.csv", "name,Phone\nx,(07700) 900002\ny,rubbish\n")
    shape = _json(str(contacts), "--exclude", str(first), "--exclude", str(second), "--no-database")
    assert shape["input_rows"] == 11
    assert shape["removed"]["invalid"] == 1
    assert shape["removed"]["duplicate"] == 1
    assert shape["removed"]["excluded"] == 2
    assert shape["removed"]["not_mobile"] == 1
    assert shape["eligible"] == 6
    assert shape["database_checks"] is False
    assert shape["rejected_rows"] == [
        {"row": 6, "field": "phone", "reason": "'not a number' is not a valid phone number"}
    ]
    assert shape["exclusion_files"][1]["rejected_rows"][0]["row"] == 3


def test_the_readable_summary_names_each_reason(tmp_path: Path) -> None:
    contacts = _write(tmp_path / "contacts.csv", CONTACTS)
    code, output = _prepare(str(contacts), "--no-database")
    assert code == 0
    assert "8 numbers eligible (nothing was sent)" in output
    assert "duplicate          1" in output
    assert "row 6: 'not a number' is not a valid phone number" in output
    assert "Database checks skipped" in output


def test_the_eligible_rows_keep_their_other_columns(tmp_path: Path) -> None:
    contacts = _write(tmp_path / "contacts.csv", CONTACTS)
    out = tmp_path / "eligible.csv"
    code, _ = _prepare(str(contacts), "--no-database", "--out", str(out))
    assert code == 0
    lines = out.read_text("utf-8").splitlines()
    assert lines[0] == "row,phone,contact_name,message_count"
    assert lines[1] == "2,+447700900001,Gaz,12"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"number,name\n07700900001,a\n", "has no 'phone' column"),
        (b"phone,name\n", "has a header but no contacts"),
        (b"phone,name\n07700 900001,Ren\xe9e\n", "is not UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    contacts = _write(tmp_path / "contacts.csv", content)
    code, output = _prepare(str(contacts), "--json")
    assert code != 0
    assert "Error: contacts.csv" in output
    assert message in output
    assert "Traceback" not in output


def test_an_unreadable_exclusion_file_is_refused_too(tmp_path: Path) -> None:
    contacts = _write(tmp_path / "contacts.csv", CONTACTS)
    bad = _write(tmp_path / "bad.csv", b"tel\n1\n")
    code, output = _prepare(str(contacts), "--exclude", str(bad))
    assert code == 1
    assert "bad.csv has no 'phone' column" in output


def test_an_all_excluded_list_has_nothing_eligible(tmp_path: Path) -> None:
    contacts = _write(tmp_path / "contacts.csv", "phone\n07700900001\n")
    exclude = _write(tmp_path / "exclude.csv", "phone\n+447700900001\n")
    shape = _json(str(contacts), "--exclude", str(exclude), "--no-database")
    assert shape["eligible"] == 0
    _, output = _prepare(str(contacts), "--exclude", str(exclude), "--no-database")
    assert "Nothing to send" in output


@pytest.mark.django_db
def test_with_a_database_opt_outs_children_partners_and_do_not_contact_are_removed(
    tmp_path: Path, agencies: dict[str, Any]
) -> None:
    from django.utils import timezone

    from linewatch.web.messaging.models import DoNotContact, OptOut, PartnerNumber
    from linewatch.web.pole.models import Person, PersonPhone, Phone

    police = agencies["leicestershire-police"]
    marking = {"owning_agency": police, "received_at": timezone.now()}
    child = Person.objects.create(
        surname="Young", dob_year=timezone.localdate().year - 15, **marking
    )
    adult = Person.objects.create(surname="Older", dob_year=1980, **marking)
    for person, number in ((child, "+447700900005"), (adult, "+447700900003")):
        phone = Phone.objects.create(e164=number, **marking)
        PersonPhone.objects.create(person=person, phone=phone)
    PartnerNumber.objects.create(agency=police, e164="+447700900006")
    DoNotContact.objects.create(e164="+447700900007", reason="victim of the line")
    OptOut.objects.create(e164="+447700900008", recorded_at=timezone.now())
    contacts = _write(tmp_path / "contacts.csv", CONTACTS)
    shape = _json(str(contacts))
    assert shape["database_checks"] is True
    assert shape["removed"]["known_child"] == 1
    assert shape["removed"]["police_or_partner"] == 1
    assert shape["removed"]["do_not_contact"] == 1
    assert shape["removed"]["opted_out"] == 1
    assert shape["eligible"] == 4


def test_without_a_database_file_nothing_is_created(tmp_path: Path) -> None:
    """In a fresh process, in a directory with no linewatch.db: files alone, no new file."""
    contacts = _write(tmp_path / "contacts.csv", CONTACTS)
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINEWATCH_", "DATABASE_URL"))
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("linewatch")),
            "campaign",
            "prepare",
            "--json",
            str(contacts),
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    shape = json.loads(result.stdout)
    assert shape["database_checks"] is False
    assert "no database" in shape["database_note"]
    assert not (tmp_path / "linewatch.db").exists()


def test_help_documents_the_json_shape() -> None:
    result = CliRunner().invoke(main_group, ["campaign", "prepare", "--help"])
    assert '"rejected_rows"' in result.output
    assert "--exclude" in result.output


@pytest.mark.django_db
def test_a_scenario_s_files_can_be_marked_simulated(tmp_path: Path) -> None:
    from linewatch.web.messaging.models import SimulatedFeedFile

    feeds = tmp_path / "scenario" / "feeds"
    (feeds / "leicestershire-police").mkdir(parents=True)
    (feeds / "leicestershire-police" / "handset-contacts.csv").write_text(CONTACTS, "utf-8")
    (feeds / "manifest.json").write_text(
        '{"files": [{"path": "leicestershire-police/handset-contacts.csv", '
        '"kind": "handset-contacts", "agency": "leicestershire-police", "rows": 11}]}',
        "utf-8",
    )
    result = CliRunner().invoke(
        main_group, ["campaign", "mark-simulated", str(tmp_path / "scenario")]
    )
    assert result.exit_code == 0, result.output
    assert "1 feed files" in result.output
    assert SimulatedFeedFile.objects.count() == 1
    refused = CliRunner().invoke(main_group, ["campaign", "mark-simulated", str(tmp_path)])
    assert refused.exit_code == 1
    assert "no feeds/manifest.json" in refused.output


@pytest.mark.django_db
def test_numbers_added_from_the_command_line_are_removed_from_the_next_campaign(
    tmp_path: Path, agencies: dict[str, Any]
) -> None:
    runner = CliRunner()
    added = runner.invoke(
        main_group, ["campaign", "never-contact", "07700 900007", "--reason", "victim"]
    )
    assert added.exit_code == 0, added.output
    stopped = runner.invoke(
        main_group,
        ["campaign", "never-contact", "+447700900008", "--kind", "opted-out", "--reason", "asked"],
    )
    assert stopped.exit_code == 0, stopped.output
    partner = runner.invoke(
        main_group,
        ["campaign", "partner-number", "07700900006", "--agency", "leicestershire-police"],
    )
    assert partner.exit_code == 0, partner.output
    bad = runner.invoke(main_group, ["campaign", "never-contact", "nonsense", "--reason", "x"])
    assert bad.exit_code == 1
    assert "'nonsense'" in bad.output
    shape = _json(str(_write(tmp_path / "contacts.csv", CONTACTS)))
    assert shape["removed"]["do_not_contact"] == 1
    assert shape["removed"]["opted_out"] == 1
    assert shape["removed"]["police_or_partner"] == 1
