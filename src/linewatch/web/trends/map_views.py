"""GeoJSON for the Leaflet map: events, hotspot cells and sub-area counts. The base layer
(authority boundaries) is the one every map shares, ``/maps/authorities.geojson``."""

from __future__ import annotations

from typing import Any

import shapely
from django.http import HttpRequest, HttpResponse, JsonResponse

from linewatch.core.geography import lookup_authority
from linewatch.core.trends import Level, area_name, categories_of, describe, shown
from linewatch.core.trends.levels import key
from linewatch.core.trends.svg_map import sub_area_shapes
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import EVENT_KIND_LABELS
from linewatch.web.trends import queries
from linewatch.web.trends.forms import AreaForm, TrendsForm
from linewatch.web.trends.hotspot_layer import as_geojson, hotspot_summary
from linewatch.web.trends.permissions import require_counts_access
from linewatch.web.trends.views import default_quarter


def _area(request: HttpRequest) -> tuple[Any, Any] | JsonResponse:
    form = AreaForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    authority = lookup_authority(form.cleaned_data["la"])
    quarter = form.cleaned_data["quarter"] or default_quarter(
        queries.count_table(request.user), authority.code
    )
    return authority, quarter


def events(request: HttpRequest) -> HttpResponse:
    """The events the viewer may see in full, as points (no names, no text)."""
    require_counts_access(request.user)
    chosen = _area(request)
    if isinstance(chosen, JsonResponse):
        return chosen
    authority, quarter = chosen
    points = queries.event_points(request.user, authority.code, quarter)
    features = [
        {
            "type": "Feature",
            "properties": {
                "kind": EVENT_KIND_LABELS.get(p["kind"], p["kind"]),
                "category": describe(
                    (categories_of(p["kind"], p["category"], p["drug_type"]) or ("",))[0]
                ).label
                if categories_of(p["kind"], p["category"], p["drug_type"])
                else "",
            },
            "geometry": {"type": "Point", "coordinates": [p["longitude"], p["latitude"]]},
        }
        for p in points
    ]
    audit(
        "consultation",
        "event",
        [p["id"] for p in points],
        f"Viewed {len(features)} event points on the trends map for {authority.name} {quarter}",
        request=request,
    )
    return JsonResponse({"type": "FeatureCollection", "features": features})


def hotspots(request: HttpRequest) -> HttpResponse:
    require_counts_access(request.user)
    chosen = _area(request)
    if isinstance(chosen, JsonResponse):
        return chosen
    authority, quarter = chosen
    category = request.GET.get("category", "")
    summary = hotspot_summary(
        request.user, authority.code, quarter, audience="police", category=category
    )
    return JsonResponse(as_geojson(summary))


def areas(request: HttpRequest) -> HttpResponse:
    """The authority's NPAs, wards or LSOAs (the default) with one measure's count."""
    require_counts_access(request.user)
    form = TrendsForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    authority = lookup_authority(form.cleaned_data["la"])
    level, category = form.cleaned_data["level"], form.cleaned_data["category"]
    level = Level.LSOA if level is Level.LA else level
    coverage = queries.count_table(request.user)
    quarter = form.cleaned_data["quarter"] or default_quarter(coverage, authority.code)
    table = queries.level_table(request.user, level, authority.code, coverage=coverage)
    features = []
    for code, shape in sub_area_shapes(authority.code, level).items():
        count = shown(table.get(key(authority.code, code), quarter, category), threshold=0,
                      suppress=False)  # fmt: skip
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "name": area_name(level, code),
                    "count": count.value,
                    "text": count.text,
                },
                "geometry": shapely.geometry.mapping(
                    shapely.simplify(shape, 0.0002, preserve_topology=True)
                ),
            }
        )
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "properties": {
                "level": level.value,
                "category": describe(category).label,
                "quarter": str(quarter),
            },
            "features": features,
        }
    )
