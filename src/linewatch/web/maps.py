"""Map data every map page shares: the local authority boundaries (the base layer, so maps
work with no tile server) and where a postcode is. Both are open reference data, not
partnership records (see about/data for their sources)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from linewatch.core.geography import postcode_index
from linewatch.core.geography.reference_data import read_bytes

BOUNDARIES_MAX_AGE = 24 * 60 * 60


@lru_cache(maxsize=1)
def _authority_geojson() -> bytes:
    return read_bytes("lad2013.geojson.gz")


def tile_url() -> str:
    """A tile server URL template (``LINEWATCH_MAP_TILE_URL``); empty means boundaries only."""
    return str(getattr(settings, "LINEWATCH_MAP_TILE_URL", "") or "")


@require_GET
def authority_boundaries(request: HttpRequest) -> HttpResponse:
    """The nine LLR local authorities (LAD 2013, WGS84) as GeoJSON."""
    response = HttpResponse(_authority_geojson(), content_type="application/geo+json")
    response["Cache-Control"] = f"private, max-age={BOUNDARIES_MAX_AGE}"
    return response


@require_GET
def postcode_point(request: HttpRequest) -> JsonResponse:
    """Where a postcode is: ``{"found": true, "postcode", "lat", "lon"}``, or
    ``{"found": false, "error"}`` (an unknown postcode is an answer, not a missing page)."""
    text = request.GET.get("postcode", "")
    found = postcode_index().get(text)
    if found is None:
        place = text.strip()
        error = f"{place!r} is not a postcode in Leicester, Leicestershire or Rutland"
        return JsonResponse({"found": False, "error": error})
    return JsonResponse(
        {"found": True, "postcode": found.postcode, "lat": found.lat, "lon": found.lon}
    )
