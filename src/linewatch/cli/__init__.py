"""The ``linewatch`` command line: ``linewatch --help`` lists the commands."""

from __future__ import annotations

import sys

import click

from linewatch.cli.errors import run_cleanly
from linewatch.cli.groups import main_group


def main(argv: list[str] | None = None) -> None:
    """Entry point installed as ``linewatch``."""
    sys.exit(run_cleanly(main_group, argv))


__all__ = ["click", "main", "main_group"]
