"""Reading settings from the environment, with messages that say how to fix a mistake."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

ENVIRONMENTS = ("development", "production")


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


def environment_name() -> str:
    name = os.environ.get("LINEWATCH_ENV", "development").strip().lower() or "development"
    if name not in ENVIRONMENTS:
        raise ConfigurationError(
            f"LINEWATCH_ENV={name!r} is not recognised; use one of: {', '.join(ENVIRONMENTS)}"
        )
    return name


def list_from_env(name: str, *, required: bool = False) -> list[str]:
    values = [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]
    if required and not values:
        raise ConfigurationError(f"{name} must be set (comma-separated host names) in production")
    return values


def int_from_env(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole number from the environment (``default`` when unset)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigurationError(f"{name}={value} is too small: use {minimum} or more")
    return value


def flag_from_env(name: str, default: bool) -> bool:
    """A yes/no setting: ``1``/``true``/``yes`` or ``0``/``false``/``no``."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name}={raw!r} is not recognised; use 1 or 0")


def database_from_env() -> dict[str, Any]:
    """The default database from ``DATABASE_URL``, or a SQLite file in the working directory."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path.cwd() / "linewatch.db"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("sqlite", "postgres", "postgresql", "pgsql"):
        raise ConfigurationError(
            f"DATABASE_URL scheme {scheme!r} is not supported; use "
            "postgresql://USER@HOST:PORT/NAME or sqlite:////absolute/path/linewatch.db"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ConfigurationError(f"DATABASE_URL could not be read: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config.pop("CONN_HEALTH_CHECKS", None)
    return dict(config)
