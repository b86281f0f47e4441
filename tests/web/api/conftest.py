"""Fixtures for the API tests: clients with tokens, and a caller that sends them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

Call = Callable[..., Any]


@pytest.fixture
def make_client(agencies: dict[str, Any]) -> Callable[[str, str, str | None], str]:
    """Create an API client; return its token."""
    from linewatch.web.api.tokens import create_client

    counter = iter(range(1000))

    def make(agency: str, role: str, name: str | None = None) -> str:
        return create_client(name or f"{agency}-{role}-{next(counter)}", agency, role).token

    return make


@pytest.fixture
def police_token(make_client: Any) -> str:
    return make_client("leicestershire-police", "police_analyst", "force-intel-system")


@pytest.fixture
def council_token(make_client: Any) -> str:
    return make_client("charnwood-bc", "partner_practitioner", "charnwood-asb-system")


@pytest.fixture
def treatment_token(make_client: Any) -> str:
    return make_client("llr-recovery", "treatment_provider", "recovery-case-system")


@pytest.fixture
def api() -> Call:
    """``api(method, path, token, json=..., data=...)`` -> Django test response."""
    client = Client()

    def call(method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers.update(kwargs.pop("headers", {}))
        if "json" in kwargs:
            kwargs["data"] = kwargs.pop("json")
            kwargs["content_type"] = "application/json"
        return getattr(client, method.lower())(f"/api/v1/{path}", headers=headers, **kwargs)

    return call
