"""GeoJSON for the Leaflet map: boundaries (the base layer), events and hotspot cells."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import shapely
from django.http import HttpRequest, HttpResponse, JsonResponse

from linewatch.core.geography import authority_boundaries, lookup_authority
from linewatch.core.trends import categories_of, describe
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import EVENT_KIND_LABELS
from linewatch.web.trends import queries
from linewatch.web.trends.forms import AreaForm
from linewatch.web.trends.hotspot_layer import as_geojson, hotspot_summary
from linewatch.web.trends.permissions import require_counts_access
from linewatch.web.trends.views import default_quarter


@lru_cache(maxsize=1)
def boundaries_geojson() -> dict[str, Any]:
    layer = authority_boundaries()
    features = []
    for code, name, geometry in zip(layer.codes, layer.names, layer.geometries, strict=True):
        simple = shapely.simplify(geometry, 0.0003, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": shapely.geometry.mapping(simple),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def boundaries(request: HttpRequest) -> HttpResponse:
    require_counts_access(request.user)
    return JsonResponse(boundaries_geojson())


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
