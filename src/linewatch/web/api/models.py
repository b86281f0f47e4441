"""API clients: one per agency system, acting for its agency in one role, like a user."""

from __future__ import annotations

from django.db import models

from linewatch.web.accounts.models import ROLE_CHOICES


class ApiClient(models.Model):
    """A system at an agency that calls the API with a bearer token.

    Only a SHA-256 of the token is kept (tokens are 256 random bits, so a slow hash adds
    nothing), with a short prefix that lets an administrator tell tokens apart.
    """

    name = models.SlugField(max_length=60, unique=True, help_text="e.g. charnwood-asb-system")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="api_clients"
    )
    role = models.CharField(max_length=30, choices=ROLE_CHOICES)
    token_prefix = models.CharField(max_length=16, help_text="The token's visible start.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.code}, {self.role})"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
