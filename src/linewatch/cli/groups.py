"""The command tree. Each command lives in its own module and is added here."""

from __future__ import annotations

import click

from linewatch.cli.api_clients import api_client_group
from linewatch.cli.audit import audit_group
from linewatch.cli.backup import backup_group
from linewatch.cli.campaign import campaign_group
from linewatch.cli.database import manage_command, migrate_command
from linewatch.cli.demo import demo_command
from linewatch.cli.demo_code import demo_code_command
from linewatch.cli.evaluate import evaluate_command
from linewatch.cli.guide import guide_command
from linewatch.cli.intake import import_command
from linewatch.cli.link import link_group
from linewatch.cli.linking_objects import link_object_commands
from linewatch.cli.linking_run import link_run_command
from linewatch.cli.report import report_group
from linewatch.cli.scenario import load_scenario_command
from linewatch.cli.score import score_command
from linewatch.cli.serve import serve_command
from linewatch.cli.share import share_command
from linewatch.cli.trends import trends_command
from linewatch.simulate.cli import simulate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="linewatch")
def main_group() -> None:
    """Linewatch: County Lines intelligence and disruption for a Community Safety Partnership.

    The database comes from DATABASE_URL (default: linewatch.db, SQLite, in this directory).
    """


for command in (
    demo_command,
    demo_code_command,
    serve_command,
    simulate_command,
    migrate_command,
    manage_command,
    load_scenario_command,
    import_command,
    audit_group,
    backup_group,
    api_client_group,
    link_group,
    trends_command,
    report_group,
    campaign_group,
    guide_command,
    share_command,
    evaluate_command,
    score_command,
):
    main_group.add_command(command)
link_group.add_command(link_run_command)
for command in link_object_commands:
    link_group.add_command(command)
