"""Agencies of the partnership and the people who sign in for them."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac

from linewatch.core.access import AGENCY_KINDS, Role, Viewer

AGENCY_KIND_CHOICES = [(kind, kind.capitalize()) for kind in AGENCY_KINDS]
ROLE_CHOICES = [
    (Role.POLICE_ANALYST.value, "Police intelligence analyst"),
    (Role.POLICE_OFFICER.value, "Police officer"),
    (Role.NEIGHBOURHOOD_COMMANDER.value, "Neighbourhood commander / CSP manager"),
    (Role.PARTNER_PRACTITIONER.value, "Partner practitioner"),
    (Role.PARTNER_ANALYST.value, "Partnership analyst"),
    (Role.TREATMENT_PROVIDER.value, "Treatment provider"),
    (Role.AUDITOR.value, "Auditor / information governance"),
    (Role.ADMINISTRATOR.value, "Agency administrator"),
]


class Agency(models.Model):
    """A partner agency: a force, council, housing provider, safeguarding team, service."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=AGENCY_KIND_CHOICES)
    areas = models.JSONField(default=list, blank=True, help_text="GSS codes the agency covers.")
    contact = models.CharField(
        max_length=200, blank=True, help_text="Whom to ask for access to this agency's records."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in, for one agency, in one role."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users", null=True)
    role = models.CharField(max_length=30, choices=ROLE_CHOICES, default=Role.PARTNER_PRACTITIONER)
    areas = models.JSONField(
        default=list,
        blank=True,
        help_text="GSS codes this user works in (their home page and worklists); "
        "empty means all of the agency's areas.",
    )
    session_token = models.CharField(
        max_length=64,
        blank=True,
        default="",
        editable=False,
        help_text="Part of every session's authentication hash: changing it signs the user out "
        "of every session (sign out everywhere).",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's session hash (which already covers the password hash), also covering
        :attr:`session_token`, so that rotating the token ends every session at once."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_token, secret=secret, algorithm="sha256"
        ).hexdigest()

    def sign_out_everywhere(self) -> None:
        """End every session of this user (each is refused on its next request)."""
        self.session_token = secrets.token_hex(32)
        type(self).objects.filter(pk=self.pk).update(session_token=self.session_token)

    @property
    def work_areas(self) -> list[str]:
        return list(self.areas or (self.agency.areas if self.agency else []))

    def viewer(self) -> Viewer:
        """This user as the access policy sees them."""
        if self.agency is None:
            return Viewer("", "", Role.ADMINISTRATOR)
        return Viewer(
            agency_code=self.agency.code,
            agency_kind=self.agency.kind,
            role=Role(self.role),
            areas=frozenset(self.agency.areas or ()),
        )
