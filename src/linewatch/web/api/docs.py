"""The API's documentation page: Swagger UI served from the django-ninja package's own copy,
so the page loads nothing from a CDN and runs no inline script (its settings travel as JSON
text in a hidden element)."""

from __future__ import annotations

import json
import mimetypes
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSETS = frozenset(
    {"swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css", "favicon.png", "favicon.svg"}
)


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        return render(
            request,
            "api/swagger.html",
            {"api": api, "swagger_settings": json.dumps(settings)},
        )


def asset(name: str) -> HttpResponse:
    """One of Swagger UI's files from the installed django-ninja package."""
    if name not in ASSETS:
        raise Http404
    content = (files("ninja") / "static" / "ninja" / name).read_bytes()
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=kind)
    response["Cache-Control"] = "public, max-age=86400"
    return response
