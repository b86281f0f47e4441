"""The quarterly partnership report for one local authority: built from the counts the
reader may see, rendered as HTML and PDF (WeasyPrint), with a CSV/XLSX data annex."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from linewatch.core.geography import lookup_authority
from linewatch.core.trends import (
    HEADLINE_CATEGORIES,
    RATES_NOTE,
    AreaChange,
    AreaTrends,
    CountTable,
    Level,
    Quarter,
    area_map,
    area_trends,
    bar_chart,
    changed_most,
    suppresses,
)
from linewatch.web.trends import queries
from linewatch.web.trends.configuration import population_table, suppression_threshold
from linewatch.web.trends.hotspot_layer import HotspotSummary, hotspot_summary

CHARTED = (
    "drugs",
    "possession_of_weapons",
    "anti_social_behaviour",
    "drug_seizures",
    "needle_finds",
    "community_reports",
)
MAP_CATEGORY = "drugs"
#: The level of the report's "areas that changed most" table, and how many rows it has.
AREA_LEVEL = Level.WARD
AREA_CHANGES = 10
MARKINGS = {"police": "OFFICIAL-SENSITIVE", "partner": "OFFICIAL-SENSITIVE", "public": "OFFICIAL"}
AUDIENCE_LABELS = {
    "police": "Police version (no suppression)",
    "partner": "Partner version (small numbers suppressed)",
    "public": "Public version (small numbers suppressed)",
}


@dataclass
class Chart:
    category: str
    label: str
    svg: str


@dataclass
class QuarterlyReport:
    la_code: str
    la_name: str
    quarter: Quarter
    audience: str
    threshold: int
    generated_at: datetime
    generated_by: str
    trends: AreaTrends
    charts: list[Chart]
    map_svg: str
    map_title: str
    unplaced: int
    hotspots: HotspotSummary | None
    notes: list[str] = field(default_factory=list)
    area_level: Level = AREA_LEVEL
    area_changes: list[AreaChange] = field(default_factory=list)
    rates: list[tuple[str, str]] = field(default_factory=list)  # (measure, rate) when known
    no_rates: str = ""  # why no rate is shown, in words

    @property
    def suppress(self) -> bool:
        return suppresses(self.audience)

    @property
    def slug(self) -> str:
        return f"quarterly-{self.la_code}-{self.quarter}-{self.audience}"

    @property
    def title(self) -> str:
        return f"Quarterly partnership report: {self.la_name}, {self.quarter.label}"

    def context(self) -> dict[str, Any]:
        return {
            "report": self,
            "marking": MARKINGS[self.audience],
            "audience_label": AUDIENCE_LABELS[self.audience],
            "rates_note": RATES_NOTE,
        }


def build_quarterly(
    la_code: str,
    quarter: Quarter,
    *,
    audience: str = "partner",
    threshold: int | None = None,
    user: Any = None,
    table: CountTable | None = None,
) -> QuarterlyReport:
    """Everything the report shows, from the records ``user`` may see (``None``: all)."""
    authority = lookup_authority(la_code)
    threshold = suppression_threshold() if threshold is None else threshold
    suppress = suppresses(audience)
    table = queries.count_table(user) if table is None else table
    trends = area_trends(
        table, authority.code, authority.name, quarter, threshold=threshold, suppress=suppress
    )
    by_name = {t.category: t for t in trends.all}
    charts = [
        Chart(c, by_name[c].label, bar_chart(by_name[c], chart_id=f"chart-{c}", tooltips=False))
        for c in CHARTED
    ]
    lsoa = queries.lsoa_counts(user, authority.code, quarter, MAP_CATEGORY)
    map_title = f"Drug offences (police.uk) by LSOA, {authority.name}, {quarter.label}"
    notes = []
    if not trends.has_data:
        notes.append(
            f"There is no data for {authority.name} in {quarter.label}: no record from any "
            "feed that you may see falls in this area and quarter. The figures below are "
            "therefore 'no data', not zero."
        )
    missing = [t.label for t in trends.headline if t.raw is None]
    if missing and trends.has_data:
        notes.append(
            "No data was received for this quarter for: "
            + ", ".join(missing)
            + ". These show 'no data' rather than zero."
        )
    unplaced = sum(n for (q, _), n in table.unplaced.items() if q == quarter)
    population = population_table()
    rates = (
        [(t.label, population.rate_text(t.count, authority.code, authority.name))
         for t in trends.headline]
        if population.get(authority.code)
        else []
    )  # fmt: skip
    area_changes = changed_most(
        queries.level_table(
            user,
            AREA_LEVEL,
            authority.code,
            quarters=(quarter, quarter.previous(), quarter.same_quarter_last_year()),
            categories=HEADLINE_CATEGORIES,
            coverage=table,
        ),
        AREA_LEVEL,
        authority.code,
        quarter,
        threshold=threshold,
        suppress=suppress,
        limit=AREA_CHANGES,
    )
    return QuarterlyReport(
        la_code=authority.code,
        la_name=authority.name,
        quarter=quarter,
        audience=audience,
        threshold=threshold,
        generated_at=timezone.now(),
        generated_by=who_generated(user),
        trends=trends,
        charts=charts,
        map_svg=area_map(
            authority.code,
            lsoa,
            title=map_title,
            suppress_below=threshold if suppress else None,
        ),
        map_title=map_title,
        unplaced=unplaced,
        hotspots=hotspot_summary(user, authority.code, quarter, audience=audience),
        notes=notes,
        area_changes=area_changes,
        rates=rates,
        no_rates=f"rate not shown: no population figures configured for {authority.name}",
    )


def who_generated(user: Any) -> str:
    if user is None:
        return "command line"
    name = user.get_full_name() or user.get_username()
    return f"{name}, {user.agency.name}" if user.agency_id else name


def stylesheet() -> str:
    path = finders.find("trends/report.css")
    return Path(str(path)).read_text("utf-8") if path else ""


def render_document(report: Any, template: str = "trends/report_document.html") -> str:
    """The standalone HTML (its stylesheet inside), as saved to a file and printed to PDF.

    The stylesheet goes in after rendering: templates never carry a ``<style>`` element (the
    app's Content-Security-Policy), and this document is only ever a download.
    """
    document = render_to_string(template, report.context())
    return document.replace("</head>", f"<style>{stylesheet()}</style>\n</head>", 1)


def _import_weasyprint() -> Any:
    """``weasyprint.HTML``, imported without ~50 needless processes.

    WeasyPrint tries library names such as ``libgobject-2.0-0`` before the soname
    ``libgobject-2.0.so.0``; for each name that does not load, cffi runs
    ``ctypes.util.find_library``, which starts ``ldconfig``, ``gcc`` and ``ld`` (seconds on a
    loaded machine) only to give up, and the soname then loads directly. The search is skipped
    while importing; if WeasyPrint cannot load its libraries that way, it is imported again
    with the search, exactly as it would be.
    """
    import ctypes.util
    import sys

    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"].HTML
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        from weasyprint import HTML
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = search
        from weasyprint import HTML
    finally:
        ctypes.util.find_library = search
    return HTML


def render_pdf(document: str) -> bytes:
    html = _import_weasyprint()
    pdf: bytes = html(string=document).write_pdf()
    return pdf


# -- the data annex ---------------------------------------------------------------------

ANNEX_COLUMNS = (
    "la_code",
    "la_name",
    "quarter",
    "category",
    "label",
    "count",
    "note",
    "previous_quarter",
    "previous_count",
    "change_vs_previous",
    "p_value_vs_previous",
    "verdict_vs_previous",
    "same_quarter_last_year",
    "last_year_count",
    "change_vs_last_year",
    "p_value_vs_last_year",
    "verdict_vs_last_year",
)


def annex_rows(report: QuarterlyReport) -> list[list[Any]]:
    rows = []
    for trend in report.trends.all:
        row: list[Any] = [
            report.la_code,
            report.la_name,
            str(report.quarter),
            trend.category,
            trend.label,
            trend.count.value if trend.count.value is not None else "",
            "" if trend.count.value is not None else trend.count.text,
        ]
        for comparison in (trend.vs_previous, trend.vs_last_year):
            change = comparison.change
            row += [
                str(comparison.baseline_quarter),
                comparison.baseline.value
                if comparison.baseline.value is not None
                else comparison.baseline.text,
                change.difference if change else "",
                round(change.p_value, 6) if change else "",
                change.verdict if change else comparison.reason,
            ]
        rows.append(row)
    return rows


def annex_csv(report: QuarterlyReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ANNEX_COLUMNS)
    writer.writerows(annex_rows(report))
    return buffer.getvalue()


def annex_xlsx(report: QuarterlyReport) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "counts"
    sheet.append(list(ANNEX_COLUMNS))
    for row in annex_rows(report):
        sheet.append(row)
    areas = book.create_sheet("areas_changed")
    areas.append(["level", "area_code", "area_name", "category", "count", "against",
                  "baseline_count", "change", "p_value"])  # fmt: skip
    for c in report.area_changes:
        change = c.comparison.change
        areas.append([
            report.area_level.value, c.code, c.name, c.trend.category, c.trend.count.value,
            c.against, c.comparison.baseline.value, change.words if change else "",
            round(c.p_value, 6),
        ])  # fmt: skip
    about = book.create_sheet("about")
    for line in (
        report.title,
        AUDIENCE_LABELS[report.audience],
        f"Generated {report.generated_at:%d %B %Y %H:%M} by {report.generated_by}",
        "Counts of records per category; 'no data' means no feed sent data for that quarter.",
        "Changes: exact conditional Poisson test (binomial), two-sided, 5% level.",
        *(
            [f"Counts from 1 to {report.threshold - 1} are suppressed ('fewer than N')."]
            if report.suppress
            else []
        ),
        RATES_NOTE,
    ):
        about.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_report_files(report: QuarterlyReport, out_dir: Path) -> list[Path]:
    """HTML, PDF, annex CSV and XLSX into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    document = render_document(report)
    paths = {
        "html": out_dir / f"{report.slug}.html",
        "pdf": out_dir / f"{report.slug}.pdf",
        "csv": out_dir / f"{report.slug}-annex.csv",
        "xlsx": out_dir / f"{report.slug}-annex.xlsx",
    }
    paths["html"].write_text(document, "utf-8")
    paths["pdf"].write_bytes(render_pdf(document))
    paths["csv"].write_text(annex_csv(report), "utf-8")
    paths["xlsx"].write_bytes(annex_xlsx(report))
    return list(paths.values())
