"""The partnership's agencies and the demo sign-ins."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from django.contrib.auth.models import Permission
from django.db import transaction

from linewatch.web.accounts.models import Agency, User
from linewatch.web.accounts.two_factor import give_demo_device

DEMO_PASSWORD = "linewatch-demo-2026"  # noqa: S105 - printed by `linewatch demo`


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    agency: str
    role: str
    areas: tuple[str, ...] = ()


DEMO_USERS = (
    DemoUser("police.analyst", "Priya", "Shah", "leicestershire-police", "police_analyst"),
    DemoUser("police.officer", "Tom", "Walker", "leicestershire-police", "police_officer"),
    DemoUser(
        "police.commander",
        "Helen",
        "Brooks",
        "leicestershire-police",
        "neighbourhood_commander",
        ("E07000130",),
    ),
    DemoUser("police.auditor", "Graham", "Ellis", "leicestershire-police", "auditor"),
    DemoUser("police.admin", "Sam", "Turner", "leicestershire-police", "administrator"),
    DemoUser("charnwood.practitioner", "Amy", "Fletcher", "charnwood-bc", "partner_practitioner"),
    DemoUser("charnwood.analyst", "Raj", "Patel", "charnwood-bc", "partner_analyst"),
    DemoUser(
        "county.socialworker",
        "Claire",
        "Dawson",
        "leicestershire-county-council",
        "partner_practitioner",
    ),
    DemoUser("housing.officer", "Marcus", "Hill", "midshires-housing", "partner_practitioner"),
    DemoUser("recovery.worker", "Jo", "Barker", "llr-recovery", "treatment_provider"),
    DemoUser("city.analyst", "Nadia", "Khan", "leicester-city-council", "partner_analyst"),
)


ADMINISTRATOR_PERMISSIONS = ("add_user", "change_user", "view_user", "view_agency")


def make_agency_administrator(user: User) -> None:
    """Staff access to the admin, with the permissions to manage the agency's accounts."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="accounts", codename__in=ADMINISTRATOR_PERMISSIONS
        )
    )


def agency_definitions() -> list[dict[str, Any]]:
    text = resources.files("linewatch.data").joinpath("agencies.yaml").read_text("utf-8")
    agencies: list[dict[str, Any]] = yaml.safe_load(text)["agencies"]
    return agencies


@transaction.atomic
def load_agencies() -> list[Agency]:
    """Create or update the agencies in ``linewatch/data/agencies.yaml``."""
    agencies = []
    for item in agency_definitions():
        agency, _ = Agency.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "areas": list(item.get("areas") or []),
                "contact": item.get("contact", ""),
            },
        )
        agencies.append(agency)
    return agencies


@transaction.atomic
def create_demo_users() -> list[User]:
    """One sign-in per demo role and agency, all with :data:`DEMO_PASSWORD`."""
    users = []
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "agency": Agency.objects.get(code=demo.agency),
                "role": demo.role,
                "areas": list(demo.areas),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            if demo.role == "administrator":
                make_agency_administrator(user)
        give_demo_device(user)  # two-factor sign-in with the documented demo secret
        users.append(user)
    return users
