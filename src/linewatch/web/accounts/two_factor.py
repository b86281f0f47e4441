"""Two-factor sign-in (TOTP, django-otp): who needs it, their devices, enrolment QR codes, and
the demo's shared secret."""

from __future__ import annotations

import base64
import time
from binascii import unhexlify
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from linewatch.core.access import Role

DEFAULT_ROLES = (
    Role.POLICE_ANALYST,
    Role.POLICE_OFFICER,
    Role.NEIGHBOURHOOD_COMMANDER,
    Role.PARTNER_ANALYST,
)
"""Police roles and analysts: the people who see police-only intelligence or combine records."""

DEMO_TOTP_KEY = "6c696e6577617463682d64656d6f2d746f747021"
"""The demo sign-ins' shared TOTP secret (hex; base32 ``NRUW4ZLXMF2GG2BNMRSW23ZNORXXI4BB``).
Synthetic demo only: `linewatch demo-code USERNAME` prints the current code."""
DEVICE_NAME = "Authenticator app"


def required_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "LINEWATCH_TWO_FACTOR_ROLES", DEFAULT_ROLES))


def needs_two_factor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "role", "") in required_roles()
    )


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed device, made now if there is none (a new secret each time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it, in groups of four."""
    text = base64.b32encode(unhexlify(device.key.encode())).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a QR code, an SVG data URI for an <img> (no inline
    markup, allowed by the policy's ``img-src data:``)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def next_code(device: TOTPDevice) -> str:
    """A code the device will accept now: the current one, or the next one when the current
    was already used (a code is accepted once only)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    counter = max(now, device.last_t + 1)
    return f"{hotp(device.bin_key, counter, device.digits):0{device.digits}d}"


def give_demo_device(user: Any) -> TOTPDevice:
    """A confirmed device with the demo secret (demo sign-ins only)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user,
        name="Demo authenticator",
        defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
    )
    return device
