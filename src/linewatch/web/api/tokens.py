"""Issuing, checking and revoking API client tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from linewatch.core.access import Role
from linewatch.web.accounts.models import Agency
from linewatch.web.api.models import ApiClient

TOKEN_START = "lw_"  # noqa: S105 - the visible start of every token, not a secret


class ClientError(ValueError):
    """A client cannot be created or changed as asked (the message says why)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedClient:
    client: ApiClient
    token: str  # shown once; only its hash is stored


def create_client(name: str, agency_code: str, role: str) -> IssuedClient:
    """A new client with a fresh token."""
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise ClientError(f"agency {agency_code!r} is not known; known agencies: {known}")
    if role not in {r.value for r in Role}:
        raise ClientError(f"role {role!r} is not one of {', '.join(r.value for r in Role)}")
    if ApiClient.objects.filter(name=name).exists():
        raise ClientError(f"an API client called {name!r} already exists")
    token = TOKEN_START + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        agency=agency,
        role=role,
        token_prefix=token[:10],
        token_hash=token_hash(token),
    )
    return IssuedClient(client, token)


def client_for_token(token: str) -> ApiClient | None:
    """The client holding ``token`` (revoked or not), or ``None``."""
    if not token.startswith(TOKEN_START):
        return None
    return ApiClient.objects.select_related("agency").filter(token_hash=token_hash(token)).first()


def revoke_client(name: str) -> ApiClient:
    client = ApiClient.objects.filter(name=name).first()
    if client is None:
        raise ClientError(f"no API client called {name!r}")
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    return client
