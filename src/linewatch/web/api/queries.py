"""Query strings are checked like bodies: a parameter the operation does not take is an error
(``?knd=asb`` must not quietly return every kind)."""

from __future__ import annotations

from django.http import HttpRequest

from linewatch.web.api.problems import ApiProblem


def expect_query(request: HttpRequest, *names: str) -> None:
    unknown = sorted(set(request.GET) - set(names))
    if unknown:
        allowed = ", ".join(names) if names else "none"
        raise ApiProblem(
            422,
            "The query string has parameters this operation does not take.",
            [(name, f"not a parameter here; allowed: {allowed}") for name in unknown],
        )
