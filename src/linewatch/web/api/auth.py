"""Bearer-token authentication: the token names an API client, which acts as a principal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from linewatch.web.api.principal import ApiPrincipal
from linewatch.web.api.problems import ApiProblem
from linewatch.web.api.tokens import client_for_token

# Writing last_used_at on every call would turn every read into a write; once a minute tells
# an administrator what they need (is this system still calling?).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class ClientToken(HttpBearer):
    openapi_description = "An API client token: `Authorization: Bearer lw_...`"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        client = client_for_token(token.strip())
        if client is None:
            raise ApiProblem(401, "The token is not one this service issued.")
        if client.revoked_at is not None:
            raise ApiProblem(401, "The token was revoked; ask for a new one.")
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
            client.last_used_at = now
            client.save(update_fields=["last_used_at"])
        return ApiPrincipal(client)


def principal_of(request: HttpRequest) -> ApiPrincipal:
    principal = getattr(request, "auth", None)
    if not isinstance(principal, ApiPrincipal):
        raise ApiProblem(401, "Send a valid API client token: 'Authorization: Bearer <token>'.")
    return principal


def submitting_principal(request: HttpRequest) -> ApiPrincipal:
    """The caller, who must hold a role that contributes records."""
    principal = principal_of(request)
    if not principal.may_submit:
        raise ApiProblem(
            403,
            f"An API client in the {principal.role} role may read but not submit records.",
        )
    return principal
