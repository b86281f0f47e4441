"""The board update: a police update to the safer-communities board for the whole area —
active lines across the area and per local authority, recent disruptions, current
priorities, trends, recommendations left for the author, and a method note."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from linewatch.core.geography import AUTHORITIES
from linewatch.core.trends import (
    RATES_NOTE,
    AreaTrends,
    Quarter,
    Shown,
    area_trends,
    bar_chart,
    shown,
    suppresses,
)
from linewatch.web.interventions.models import INTERVENTION_KIND_LABELS
from linewatch.web.trends import queries
from linewatch.web.trends.configuration import suppression_threshold
from linewatch.web.trends.reports import (
    AUDIENCE_LABELS,
    MARKINGS,
    Chart,
    render_document,
    render_pdf,
    who_generated,
)

BOARD_CHARTS = ("drugs", "drug_seizures", "missing_episodes")


@dataclass
class AreaLines:
    la_code: str
    la_name: str
    active: Shown
    names: list[str]


@dataclass
class Disruption:
    kind: str
    label: str
    count: Shown


@dataclass
class BoardUpdate:
    quarter: Quarter
    audience: str
    threshold: int
    generated_at: datetime
    generated_by: str
    active_lines: Shown
    lines_by_area: list[AreaLines]
    disruptions: list[Disruption]
    lines_disrupted: Shown
    county: AreaTrends
    charts: list[Chart]
    priorities: list[str] = field(default_factory=list)

    @property
    def suppress(self) -> bool:
        return suppresses(self.audience)

    @property
    def slug(self) -> str:
        return f"board-update-{self.quarter}-{self.audience}"

    @property
    def title(self) -> str:
        area = "Leicester, Leicestershire and Rutland"
        return f"Board update: county lines in {area}, {self.quarter.label}"

    def context(self) -> dict[str, Any]:
        return {
            "report": self,
            "board": self,
            "marking": MARKINGS[self.audience],
            "audience_label": AUDIENCE_LABELS[self.audience],
            "rates_note": RATES_NOTE,
            "body_template": "trends/board_body.html",
        }


def build_board(
    quarter: Quarter, *, audience: str = "partner", threshold: int | None = None, user: Any = None
) -> BoardUpdate:
    threshold = suppression_threshold() if threshold is None else threshold
    suppress = suppresses(audience)

    def show(n: int) -> Shown:
        return shown(n, threshold=threshold, suppress=suppress)

    lines = list(queries.active_lines(user).order_by("name"))
    by_area = []
    for authority in AUTHORITIES:
        here = [line for line in lines if authority.code in (line.importing_areas or [])]
        by_area.append(
            AreaLines(
                authority.code,
                authority.name,
                show(len(here)),
                [line.name for line in here] if audience == "police" else [],
            )
        )
    kinds = Counter(queries.interventions_in(user, quarter).values_list("kind", flat=True))
    disruptions = [
        Disruption(kind, INTERVENTION_KIND_LABELS.get(kind, kind), show(n))
        for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    disrupted = queries.line_changes_in(user, quarter).filter(to_status__in=("disrupted", "closed"))
    county_table = queries.count_table(user, county=True)
    county = area_trends(
        county_table,
        queries.COUNTY,
        "Leicester, Leicestershire and Rutland",
        quarter,
        threshold=threshold,
        suppress=suppress,
    )
    by_name = {t.category: t for t in county.all}
    charts = [
        Chart(c, by_name[c].label, bar_chart(by_name[c], chart_id=f"board-{c}", tooltips=False))
        for c in BOARD_CHARTS
    ]
    priorities = _priorities(user, quarter, threshold, suppress)
    return BoardUpdate(
        quarter=quarter,
        audience=audience,
        threshold=threshold,
        generated_at=timezone.now(),
        generated_by=who_generated(user),
        active_lines=show(len(lines)),
        lines_by_area=by_area,
        disruptions=disruptions,
        lines_disrupted=show(disrupted.values("line_id").distinct().count()),
        county=county,
        charts=charts,
        priorities=priorities,
    )


def _priorities(user: Any, quarter: Quarter, threshold: int, suppress: bool) -> list[str]:
    """Rises that are more than noise, per local authority: what the data points to."""
    table = queries.count_table(user)
    found = []
    for authority in AUTHORITIES:
        trends = area_trends(
            table, authority.code, authority.name, quarter, threshold=threshold, suppress=suppress
        )
        for trend in trends.headline:
            for comparison, against in (
                (trend.vs_previous, "the previous quarter"),
                (trend.vs_last_year, "the same quarter last year"),
            ):
                change = comparison.change
                if change and change.significant and change.difference > 0:
                    found.append(
                        f"{authority.name}: {trend.label.lower()} {change.words} on {against} "
                        f"({trend.count.text} this quarter; more than noise)"
                    )
                    break
    return found


def board_rows(board: BoardUpdate) -> list[list[Any]]:
    rows: list[list[Any]] = [["section", "area", "measure", "value"]]
    rows.append(
        ["lines", "LLR", "active lines", board.active_lines.value or board.active_lines.text]
    )
    for area in board.lines_by_area:
        rows.append(
            [
                "lines",
                area.la_code,
                "active lines",
                area.active.value if area.active.value is not None else area.active.text,
            ]
        )
    for d in board.disruptions:
        rows.append(
            [
                "disruptions",
                "LLR",
                d.kind,
                d.count.value if d.count.value is not None else d.count.text,
            ]
        )
    for t in board.county.all:
        rows.append(
            [
                "trends",
                "LLR",
                t.category,
                t.count.value if t.count.value is not None else t.count.text,
            ]
        )
    return rows


def write_board_files(board: BoardUpdate, out_dir: Path) -> list[Path]:
    from openpyxl import Workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    document = render_document(board)
    rows = board_rows(board)
    paths = [
        out_dir / f"{board.slug}.html",
        out_dir / f"{board.slug}.pdf",
        out_dir / f"{board.slug}-annex.csv",
        out_dir / f"{board.slug}-annex.xlsx",
    ]
    paths[0].write_text(document, "utf-8")
    paths[1].write_bytes(render_pdf(document))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    paths[2].write_text(buffer.getvalue(), "utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "board update"
    for row in rows:
        sheet.append(row)
    book.save(paths[3])
    return paths
