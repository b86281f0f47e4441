"""The OpenAPI schema: served, valid, and honoured by every operation (schemathesis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from linewatch.web.wsgi import application

from ..factories import CountyLineFactory, EventFactory, IntelligenceEventFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def requests_keep_the_test_connection() -> Iterator[None]:
    """As Django's own test client does: a request must not close the database connection
    that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(police_token: str) -> str:
    """Some records to read, and a police analyst's token to read them with."""
    IntelligenceEventFactory()
    EventFactory()
    PersonFactory()
    CountyLineFactory()
    return police_token


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_schema(case: Any, seeded: str) -> None:
    """No 5xx; status codes, content types, headers and bodies as the schema says; data outside
    the schema refused.

    Not checked: that every schema-valid body is accepted. The schema gives types, lengths and
    choices, but a phone number, a postcode or a date in the future is judged by the feed's
    parsers (the same as for files), so a schema-valid request may rightly get a 422.
    """
    # The generated cases carry a made-up Authorization header, which gets the real token; a
    # negative case that leaves the header out on purpose is sent without one (and gets 401).
    sent = {name.lower() for name in case.headers or {}}
    headers = {"Authorization": f"Bearer {seeded}"} if "authorization" in sent else {}
    case.call_and_validate(
        headers=headers,
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )


def test_the_schema_is_served_and_lists_every_operation(client: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    assert operations == {
        ("POST", "/api/v1/intelligence"),
        ("GET", "/api/v1/intelligence"),
        ("GET", "/api/v1/intelligence/{report_id}"),
        ("POST", "/api/v1/events/{kind}"),
        ("GET", "/api/v1/events"),
        ("POST", "/api/v1/feeds/{kind}"),
        ("GET", "/api/v1/people/{person_id}"),
        ("GET", "/api/v1/lines"),
        ("GET", "/api/v1/lines/{line_id}"),
    }
    assert schema["components"]["securitySchemes"]["ClientToken"]["scheme"] == "bearer"


def test_the_docs_page_loads_nothing_from_elsewhere(client: Any) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "http://" not in html
    assert "https://" not in html
    assert "//" not in html.replace("<!DOCTYPE html>", "")
    assert "<script>" not in html  # no inline script: settings travel as JSON
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert f"/api/v1/docs/assets/{asset}" in html
        served = client.get(f"/api/v1/docs/assets/{asset}")
        assert served.status_code == 200
        assert len(served.content) > 100
    assert client.get("/api/v1/docs/assets/settings.py").status_code == 404
