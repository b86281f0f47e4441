"""Generating and downloading the reports from the web; each one is audited as a disclosure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.core.geography import lookup_authority
from linewatch.core.trends import CountTable
from linewatch.web.audit.trail import record as audit
from linewatch.web.trends import queries
from linewatch.web.trends.board import BoardUpdate, board_rows, build_board
from linewatch.web.trends.forms import BoardForm, ReportForm
from linewatch.web.trends.permissions import is_police, require_counts_access
from linewatch.web.trends.reports import (
    QuarterlyReport,
    annex_csv,
    annex_xlsx,
    build_quarterly,
    render_document,
    render_pdf,
)
from linewatch.web.trends.views import default_quarter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "html": ("text/html; charset=utf-8", "html", "HTML"),
    "pdf": ("application/pdf", "pdf", "PDF"),
    "csv": ("text/csv; charset=utf-8", "csv", "annex CSV"),
    "xlsx": (XLSX, "xlsx", "annex XLSX"),
}


def _disclosed(request: HttpRequest, report: Any, what: str, key: str, fmt: str) -> None:
    audit(
        "disclosure",
        what,
        [key],
        f"Generated {report.title} ({report.audience} version, {FORMATS[fmt][2]})",
        request=request,
        recipients=f"{report.audience} audience",
    )


def _report(request: HttpRequest) -> tuple[ReportForm, QuarterlyReport | None]:
    form = ReportForm(request.GET, police=is_police(request.user))
    if not form.is_valid():
        return form, None
    authority = lookup_authority(form.cleaned_data["la"])
    table = queries.count_table(request.user)
    quarter = form.cleaned_data["quarter"] or default_quarter(table, authority.code)
    report = build_quarterly(
        authority.code,
        quarter,
        audience=form.cleaned_data["audience"],
        user=request.user,
        table=table,
    )
    return form, report


def _download(content: bytes | str, fmt: str, slug: str) -> HttpResponse:
    content_type, extension, _ = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slug}.{extension}"'
    return response


def report(request: HttpRequest) -> HttpResponse:
    """The quarterly report in the app, with its downloads."""
    require_counts_access(request.user)
    if "la" not in request.GET:
        form = ReportForm(initial={"audience": "partner"}, police=is_police(request.user))
        return render(request, "trends/report_form.html", {"form": form})
    form, built = _report(request)
    if built is None:
        return render(request, "trends/report_form.html", {"form": form}, status=400)
    _disclosed(request, built, "quarterly_report", f"{built.la_code}:{built.quarter}", "html")
    query = f"la={built.la_code}&quarter={built.quarter}&audience={built.audience}"
    return render(request, "trends/report_page.html", {**built.context(), "query": query})


def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require_counts_access(request.user)
    form, built = _report(request)
    if built is None:
        return render(request, "trends/report_form.html", {"form": form}, status=400)
    _disclosed(request, built, "quarterly_report", f"{built.la_code}:{built.quarter}", fmt)
    slug = built.slug + ("-annex" if fmt in ("csv", "xlsx") else "")
    if fmt == "csv":
        return _download(annex_csv(built), fmt, slug)
    if fmt == "xlsx":
        return _download(annex_xlsx(built), fmt, slug)
    document = render_document(built)
    return _download(render_pdf(document) if fmt == "pdf" else document, fmt, slug)


def _board(request: HttpRequest) -> tuple[BoardForm, BoardUpdate | None]:
    form = BoardForm(request.GET, police=is_police(request.user))
    if not form.is_valid():
        return form, None
    quarter = form.cleaned_data["quarter"]
    if quarter is None:
        quarters = queries.count_table(request.user, county=True).quarters()
        quarter = quarters[-1] if quarters else default_quarter(CountTable(), "")
    return form, build_board(
        quarter, audience=form.cleaned_data["audience"] or "partner", user=request.user
    )


def board(request: HttpRequest) -> HttpResponse:
    require_counts_access(request.user)
    if "quarter" not in request.GET:
        form = BoardForm(initial={"audience": "partner"}, police=is_police(request.user))
        return render(request, "trends/board_form.html", {"form": form})
    form, built = _board(request)
    if built is None:
        return render(request, "trends/board_form.html", {"form": form}, status=400)
    _disclosed(request, built, "board_update", str(built.quarter), "html")
    query = f"quarter={built.quarter}&audience={built.audience}"
    return render(request, "trends/board_page.html", {**built.context(), "query": query})


def board_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require_counts_access(request.user)
    form, built = _board(request)
    if built is None:
        return render(request, "trends/board_form.html", {"form": form}, status=400)
    _disclosed(request, built, "board_update", str(built.quarter), fmt)
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(board_rows(built))
        return _download(buffer.getvalue(), fmt, built.slug + "-annex")
    document = render_document(built)
    return _download(render_pdf(document), "pdf", built.slug)
