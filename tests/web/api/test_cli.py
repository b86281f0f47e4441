"""``linewatch api-client create|revoke|list``."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from linewatch.cli.groups import main_group
from linewatch.web.api.models import ApiClient
from linewatch.web.api.tokens import token_hash

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_prints_the_token_once_and_revoke_stops_it(agencies: Any) -> None:
    runner = CliRunner()
    created = runner.invoke(
        main_group,
        [
            "api-client",
            "create",
            "--agency",
            "charnwood-bc",
            "--role",
            "partner_practitioner",
            "--name",
            "charnwood-asb",
        ],
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    client = ApiClient.objects.get(name="charnwood-asb")
    assert client.token_hash == token_hash(token)
    listed = runner.invoke(main_group, ["api-client", "list"])
    assert "charnwood-asb" in listed.output
    assert token not in listed.output
    revoked = runner.invoke(main_group, ["api-client", "revoke", "--name", "charnwood-asb"])
    assert revoked.exit_code == 0, revoked.output
    assert ApiClient.objects.get(name="charnwood-asb").revoked


def test_create_names_an_unknown_agency_and_a_bad_role(agencies: Any) -> None:
    runner = CliRunner()
    unknown = runner.invoke(
        main_group,
        ["api-client", "create", "--agency", "nope", "--role", "auditor", "--name", "x"],
    )
    assert unknown.exit_code != 0
    assert "agency 'nope' is not known" in unknown.output
    bad_role = runner.invoke(
        main_group,
        ["api-client", "create", "--agency", "charnwood-bc", "--role", "boss", "--name", "x"],
    )
    assert bad_role.exit_code != 0
    assert "boss" in bad_role.output
