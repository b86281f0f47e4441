"""The command line answers mistakes with one clear message and an exit code, never a
traceback. Each case runs ``linewatch`` in a fresh process, so Django starts from scratch."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_database

LINEWATCH = Path(sys.executable).with_name("linewatch")


def run(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINEWATCH_", "DATABASE_URL"))
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    environment.update(env)
    return subprocess.run(
        [str(LINEWATCH), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def one_clear_error(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_the_command_is_installed() -> None:
    assert LINEWATCH.is_file(), f"no linewatch script next to {sys.executable}"


@pytest.mark.parametrize(
    ("args", "named"),
    [(["--weeks", "0"], "weeks"), (["--scale", "-1"], "scale")],
)
def test_simulate_refuses_out_of_range_arguments(
    args: list[str], named: str, tmp_path: Path
) -> None:
    result = run("simulate", *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert named in one_clear_error(result)
    assert not (tmp_path / "out").exists()


def test_an_unreachable_database_names_database_url(tmp_path: Path) -> None:
    result = run("migrate", cwd=tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:1/x")
    assert result.returncode != 0
    assert "DATABASE_URL" in one_clear_error(result)


def test_an_unsupported_database_scheme_is_named(tmp_path: Path) -> None:
    result = run("migrate", cwd=tmp_path, DATABASE_URL="mysql://x")
    assert result.returncode != 0
    message = one_clear_error(result)
    assert "mysql" in message
    assert "not supported" in message


def test_production_without_a_secret_key_says_so(tmp_path: Path) -> None:
    result = run("migrate", cwd=tmp_path, LINEWATCH_ENV="production")
    assert result.returncode != 0
    assert "LINEWATCH_SECRET_KEY" in one_clear_error(result)


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = run(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        cwd=tmp_path,
        LINEWATCH_ENV="production",
        LINEWATCH_SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        LINEWATCH_ALLOWED_HOSTS="linewatch.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _subcommands() -> list[list[str]]:
    from click import Group

    from linewatch.cli import main_group

    commands: list[list[str]] = [[]]
    for name, command in main_group.commands.items():
        commands.append([name])
        if isinstance(command, Group):
            commands += [[name, sub] for sub in command.commands]
    return commands


@pytest.mark.parametrize("command", _subcommands(), ids=lambda c: " ".join(c) or "linewatch")
def test_every_command_answers_help(command: list[str]) -> None:
    from click.testing import CliRunner

    from linewatch.cli import main_group

    if command == ["manage"]:
        # `manage` passes every argument to Django; its help is Django's, in a fresh process.
        result = run("manage", "--help")
        assert result.returncode == 0, result.stderr
        assert "Available subcommands" in result.stdout
        return
    outcome = CliRunner().invoke(main_group, [*command, "--help"])
    assert outcome.exit_code == 0, outcome.output
    assert re.search(r"Usage: .*", outcome.output)


@pytest.mark.slow
def test_the_demo_loads_once_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    args = ("demo", "--no-serve", "--scale", "0.02", "--weeks", "4")
    first = run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Demo sign-ins" in first.stdout
    assert "police.analyst" in first.stdout
    assert "linewatch-demo-2026" in first.stdout
    loaded = re.search(r"Loaded ([\d,]+) records \(([\d,]+) already present", first.stdout)
    assert loaded, first.stdout
    assert int(loaded.group(1).replace(",", "")) > 0
    assert (tmp_path / "linewatch.db").is_file()

    second = run(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    again = re.search(r"Loaded ([\d,]+) records \(([\d,]+) already present", second.stdout)
    assert again, second.stdout
    assert again.group(1) == "0", second.stdout
    assert int(again.group(2).replace(",", "")) > 0
