"""Lock-out by username, and by address against password spraying.

django-axes compares one failure count with one limit. Linewatch wants two: a username is
locked after a few failures (``AXES_FAILURE_LIMIT``, from any address), and an address after
many failures across any usernames (``LINEWATCH_LOCKOUT_ADDRESS_FAILURES``), so that one
office behind a shared address is not locked out by a colleague's typing, but an attacker
trying one common password against every username is stopped.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

#: The order of ``AXES_LOCKOUT_PARAMETERS``: one queryset of attempts for each.
PARAMETERS = ["username", "ip_address"]


class UsernameOrAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler, with a separate, higher limit for the address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures that count: the username's, or the whole limit once the address has
        had its own limit of failures (across usernames) within the cool-off period."""
        by_username, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= int(settings.LINEWATCH_LOCKOUT_ADDRESS_FAILURES):
            return max(int(by_username), int(get_failure_limit(request, credentials)))
        return int(by_username)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A successful sign-in clears that username's failures only: a sprayer who holds one
        valid account must not clear the address's count by signing in with it."""
        by_username = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_username.delete()
        return int(count)
