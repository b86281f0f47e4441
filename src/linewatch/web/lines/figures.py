"""The register's headline figures: lines active across the partnership and per local
authority (a line importing into two authorities counts in each, once in the total)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linewatch.core.geography import AUTHORITIES
from linewatch.web.access import visible_or_redacted
from linewatch.web.lines.models import CountyLine

__all__ = ["ACTIVE_STATUSES", "AreaFigure", "Headline", "headline_figures"]

ACTIVE_STATUSES = ("active", "re_emerged")


@dataclass(frozen=True)
class AreaFigure:
    code: str
    name: str
    active: int
    disrupted: int


@dataclass(frozen=True)
class Headline:
    active: int
    disrupted: int
    suspected: int
    closed: int
    no_area: int
    areas: list[AreaFigure]


def headline_figures(user: Any) -> Headline:
    """Counted over the lines the viewer may know exist (in full or as stubs)."""
    rows = list(
        visible_or_redacted(user, CountyLine.objects.all()).values_list("status", "importing_areas")
    )
    llr = {a.code for a in AUTHORITIES}
    by_status = {s: 0 for s in ("active", "disrupted", "suspected", "closed")}
    per_area: dict[str, list[int]] = {a.code: [0, 0] for a in AUTHORITIES}
    no_area = 0
    for status, areas in rows:
        bucket = "active" if status in ACTIVE_STATUSES else status
        if bucket in by_status:
            by_status[bucket] += 1
        codes = set(areas or []) & llr
        if not codes and bucket == "active":
            no_area += 1
        for code in codes:
            if bucket == "active":
                per_area[code][0] += 1
            elif bucket == "disrupted":
                per_area[code][1] += 1
    return Headline(
        active=by_status["active"],
        disrupted=by_status["disrupted"],
        suspected=by_status["suspected"],
        closed=by_status["closed"],
        no_area=no_area,
        areas=[AreaFigure(a.code, a.name, *per_area[a.code]) for a in AUTHORITIES],
    )
