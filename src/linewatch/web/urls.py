"""URL map. Every page needs a signed-in user (see accounts.middleware) except sign-in,
static files and the data attribution page."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import TemplateView

from linewatch.web import home, maps
from linewatch.web.api.router import api
from linewatch.web.pole.urls import locations, people


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


admin.site.site_header = "Linewatch administration"
admin.site.site_title = "Linewatch administration"

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include("linewatch.web.accounts.urls")),
    path("people/", include(people)),
    path("locations/", include(locations)),
    path("lines/", include("linewatch.web.lines.urls")),
    path("intelligence/", include("linewatch.web.intel.urls")),
    path("events/", include("linewatch.web.events.urls")),
    path("search/", include("linewatch.web.search.urls")),
    path("concern/", include("linewatch.web.concerns.urls")),
    path("linking/", include("linewatch.web.linking.urls")),
    path("network/", include("linewatch.web.network.urls")),
    path("trends/", include("linewatch.web.trends.urls")),
    path("campaigns/", include("linewatch.web.messaging.urls")),
    path("worklists/", include("linewatch.web.risk.urls")),
    path("interventions/", include("linewatch.web.interventions.urls")),
    path("intake/", include("linewatch.web.intake.urls")),
    path("maps/authorities.geojson", maps.authority_boundaries, name="map-authorities"),
    path("maps/postcode.json", maps.postcode_point, name="map-postcode"),
    path("audit/", include("linewatch.web.audit.urls")),
    path("retention/", include("linewatch.web.retention.urls")),
    path("about/data/", TemplateView.as_view(template_name="about_data.html"), name="about-data"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

# The database unreachable (restarting, say) is a 503 "try again", not a 500 (web/unavailable.py).
handler500 = "linewatch.web.unavailable.server_error"
