"""``/people/{id}``: one person record, as the client may see it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from linewatch.web.api import present
from linewatch.web.api.auth import principal_of
from linewatch.web.api.queries import expect_query
from linewatch.web.api.schemas import DETAIL_ERRORS, PersonOut, RecordId, Stub
from linewatch.web.audit.trail import record as audit
from linewatch.web.pole.models import Person

router = Router(tags=["people"])


@router.get("people/{person_id}", response={200: PersonOut | Stub, **DETAIL_ERRORS})
def get_person(request: HttpRequest, person_id: RecordId) -> Any:
    """One agency's record of a person; a stub when the client may not read it."""
    principal = principal_of(request)
    expect_query(request)
    person = present.one(principal, Person.objects.all(), person_id)
    body = present.entry(principal, person, "person", present.person)
    audit(
        "consultation",
        "person",
        [person.pk],
        f"API client {principal.name} read person {person.pk}"
        + (" (stub only)" if body["redacted"] else ""),
        request=request,
        user=principal,
    )
    return body
