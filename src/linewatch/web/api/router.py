"""The API: ``/api/v1/``, bearer tokens, one problem-document error handler, local docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from linewatch.web.api.auth import ClientToken
from linewatch.web.api.docs import LocalSwagger, asset
from linewatch.web.api.endpoints import events, feeds, intelligence, lines, people
from linewatch.web.api.problems import HANDLED, problem_response

PROBLEM_MEDIA_TYPE = "application/problem+json"


class LinewatchApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema, with error responses declared as problem documents."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
        return schema


api = LinewatchApi(
    title="Linewatch partnership API",
    version="1",
    description=(
        "Submit intelligence, events and feed files, and read back what your agency may see. "
        "Authenticate with an API client token: `Authorization: Bearer <token>`. "
        "Errors are RFC 9457 problem documents. See docs/api.md."
    ),
    auth=ClientToken(),
    urls_namespace="api",
    openapi_url="/v1/openapi.json",
    docs_url="/v1/docs",
    docs=LocalSwagger(),
)

for _handled in HANDLED:
    api.add_exception_handler(_handled, problem_response)

for _module in (intelligence, events, feeds, people, lines):
    api.add_router("/v1/", _module.router)


@api.get("/v1/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")
def docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    return asset(name)
