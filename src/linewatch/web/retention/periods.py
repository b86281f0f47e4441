"""Review periods per record class, read from YAML (``LINEWATCH_RETENTION_FILE`` or the
packaged ``periods.yaml``), validated with messages that name the class and key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from linewatch.core.access import RECORD_CLASSES

DEFAULT_FILE = Path(__file__).with_name("periods.yaml")
FROM_FIELDS: dict[str, frozenset[str]] = {
    "received_at": frozenset(RECORD_CLASSES),
    "occurred_at": frozenset({"event", "intelligence"}),
    "last_activity": frozenset({"person"}),
}


class RetentionConfigError(Exception):
    """The retention file is wrong; the message names the class and key."""


@dataclass(frozen=True)
class ReviewPeriod:
    record_class: str
    years: int
    runs_from: str

    def cutoff(self, today: dt.date | None = None) -> dt.datetime:
        """Records whose date is before this are due for review."""
        today = today or dt.date.today()
        try:
            day = today.replace(year=today.year - self.years)
        except ValueError:  # 29 February
            day = today.replace(year=today.year - self.years, day=28)
        return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def retention_file() -> Path:
    configured = getattr(settings, "LINEWATCH_RETENTION_FILE", "")
    return Path(configured) if configured else DEFAULT_FILE


def parse_periods(data: Any, source: str = "the retention file") -> dict[str, ReviewPeriod]:
    if not isinstance(data, dict) or not isinstance(data.get("classes"), dict):
        raise RetentionConfigError(f"{source}: expected a 'classes:' mapping of record classes")
    classes: dict[str, Any] = data["classes"]
    unknown = sorted(set(classes) - set(RECORD_CLASSES))
    if unknown:
        raise RetentionConfigError(
            f"{source}: unknown record class {unknown[0]!r}; use {', '.join(RECORD_CLASSES)}"
        )
    periods = {}
    for record_class in RECORD_CLASSES:
        item = classes.get(record_class)
        if not isinstance(item, dict):
            raise RetentionConfigError(f"{source}: classes.{record_class} is missing")
        years = item.get("review_after_years")
        if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 100:
            raise RetentionConfigError(
                f"{source}: classes.{record_class}.review_after_years must be a whole number "
                f"of years from 1 to 100, not {years!r}"
            )
        runs_from = item.get("from", "received_at")
        if record_class not in FROM_FIELDS.get(runs_from, frozenset()):
            allowed = sorted(name for name, who in FROM_FIELDS.items() if record_class in who)
            raise RetentionConfigError(
                f"{source}: classes.{record_class}.from must be one of {', '.join(allowed)}, "
                f"not {runs_from!r}"
            )
        periods[record_class] = ReviewPeriod(record_class, years, runs_from)
    return periods


def load_periods() -> dict[str, ReviewPeriod]:
    path = retention_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RetentionConfigError(f"{path}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise RetentionConfigError(f"{path}: is not valid YAML ({error})") from None
    return parse_periods(data, str(path))
