"""Trends pages: choose a local authority; its map, charts and trend tables."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linewatch.core.geography import lookup_authority
from linewatch.core.trends import (
    HEADLINE_CATEGORIES,
    LEVEL_LABELS,
    RATES_NOTE,
    CountTable,
    Level,
    Quarter,
    area_map,
    area_trends,
    bar_chart,
    describe,
    sub_area_trends,
)
from linewatch.web.audit.trail import record as audit
from linewatch.web.trends import queries
from linewatch.web.trends.configuration import (
    map_tile_attribution,
    map_tile_url,
    population_table,
)
from linewatch.web.trends.forms import AreaForm, TrendsForm
from linewatch.web.trends.permissions import is_police, require_counts_access
from linewatch.web.trends.reports import CHARTED, MAP_CATEGORY, Chart


def default_quarter(table: CountTable, la_code: str) -> Quarter:
    """The latest quarter with data in the area, else the latest with any data at all."""
    here = sorted({q for a, q, _ in table.counts if a == la_code})
    if here:
        return here[-1]
    everywhere = table.quarters()
    return everywhere[-1] if everywhere else Quarter.of(date.today())


def index(request: HttpRequest) -> HttpResponse:
    require_counts_access(request.user)
    form = AreaForm(request.GET) if "la" in request.GET else AreaForm()
    return render(request, "trends/index.html", {"form": form})


def area(request: HttpRequest) -> HttpResponse:
    require_counts_access(request.user)
    form = TrendsForm(request.GET)
    if not form.is_valid():
        return render(request, "trends/index.html", {"form": form}, status=400)
    authority = lookup_authority(form.cleaned_data["la"])
    table = queries.count_table(request.user)
    quarter = form.cleaned_data["quarter"] or default_quarter(table, authority.code)
    trends = area_trends(
        table, authority.code, authority.name, quarter, threshold=0, suppress=False
    )
    by_name = {t.category: t for t in trends.all}
    charts = [
        Chart(c, by_name[c].label, bar_chart(by_name[c], chart_id=f"chart-{c}"))
        for c in CHARTED
        if any(not shown.no_data for _, shown in by_name[c].history)
    ]
    no_chart = [by_name[c].label for c in CHARTED if c not in {ch.category for ch in charts}]
    level, category = form.cleaned_data["level"], form.cleaned_data["category"]
    population = population_table()
    breakdown = []
    if level is Level.LA:
        fallback_map = area_map(
            authority.code,
            queries.lsoa_counts(request.user, authority.code, quarter, MAP_CATEGORY),
            title=f"Drug offences by LSOA, {authority.name}, {quarter.label}",
        )
    else:
        sub_table = queries.level_table(request.user, level, authority.code, coverage=table)
        breakdown = [
            (sub, population.rate_text(sub.trend.count, sub.code, sub.name))
            for sub in sub_area_trends(
                sub_table, level, authority.code, quarter, category, threshold=0, suppress=False
            )
        ]
        fallback_map = area_map(
            authority.code,
            {sub.code: sub.trend.raw or 0 for sub, _ in breakdown if sub.code},
            title=f"{describe(category).label} by {level.label}, {authority.name}, {quarter.label}",
            level=level,
        )
    audit(
        "consultation",
        "trends",
        [f"{authority.code}:{quarter}"],
        f"Viewed trends for {authority.name} {quarter}",
        request=request,
    )
    query = f"la={authority.code}&quarter={quarter}"
    level_query = f"{query}&level={level.value}&category={category}"
    return render(
        request,
        "trends/area.html",
        {
            "authority": authority,
            "quarter": quarter,
            "quarters": sorted({q for _, q, _ in table.counts}, reverse=True)[:12],
            "trends": trends,
            "charts": charts,
            "no_chart": no_chart,
            "fallback_map": fallback_map,
            "query": query,
            "police": is_police(request.user),
            "tile_url": map_tile_url(),
            "tile_attribution": map_tile_attribution(),
            "rates_note": RATES_NOTE,
            "rates": [
                (t.label, population.rate_text(t.count, authority.code, authority.name))
                for t in trends.headline
            ]
            if population.get(authority.code)
            else [],
            "no_rates": f"rate not shown: no population figures configured for {authority.name}",
            "level": level,
            "levels": [(lv.value, LEVEL_LABELS[lv]) for lv in Level],
            "category": category,
            "category_label": describe(category).label,
            "measures": [(c, describe(c).label) for c in HEADLINE_CATEGORIES],
            "breakdown": breakdown,
            "level_query": level_query,
        },
    )
