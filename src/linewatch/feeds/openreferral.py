"""Reading a treatment services directory in Open Referral UK (ORUK) JSON.

ORUK is the UK application profile of the Open Referral Human Services Data Specification
(https://developers.openreferraluk.org/). Accepted shapes, as the ORUK API returns them:

* one service (``GET /services/{id}``): an object with ``id`` and ``name``;
* a page of services (``GET /services``): ``{"content": [service, ...], "totalElements": …}``;
* a plain list of services.

From each service: ``id`` and ``name`` (required), ``description``, ``url`` (http(s)
only), ``email``,
``status`` (services whose status is not ``active`` are skipped, with a warning),
``organization.name``, the first phone number (``contacts[].phones[].number``, else
``phones[].number``), the first postcode (``service_at_locations[].location.
physical_addresses[].postal_code``) and the areas served: GSS codes found in
``service_areas[].uri`` / ``service_areas[].service_area`` / ``extent`` (e.g.
``http://statistics.data.gov.uk/id/statistical-geography/E07000130``), plus the local
authority of the postcode when the caller can look it up.

Errors name the service (by position and id) and the field, and a service with an error is
kept out while the others are read (all-or-nothing is the caller's choice).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DirectoryError", "OrukService", "ServiceProblem", "read_oruk_services"]

_GSS = re.compile(r"\b([EWSN]\d{8})\b")


class DirectoryError(ValueError):
    """The file is not an ORUK services document at all."""


@dataclass(frozen=True)
class OrukService:
    oruk_id: str
    name: str
    organisation: str = ""
    description: str = ""
    url: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    area_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceProblem:
    index: int
    service_id: str
    field: str
    message: str

    def __str__(self) -> str:
        named = f" ({self.service_id})" if self.service_id else ""
        return f"service {self.index}{named}, {self.field}: {self.message}"


@dataclass
class DirectoryRead:
    services: list[OrukService] = field(default_factory=list)
    problems: list[ServiceProblem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _first_phone(service: dict[str, Any]) -> str:
    for contact in _items(service.get("contacts")):
        for phone in _items(contact.get("phones")):
            if _text(phone.get("number")):
                return _text(phone.get("number"))
    for phone in _items(service.get("phones")):
        if _text(phone.get("number")):
            return _text(phone.get("number"))
    return ""


def _first_postcode(service: dict[str, Any]) -> str:
    for at_location in _items(service.get("service_at_locations")):
        location = at_location.get("location")
        for address in _items(
            location.get("physical_addresses") if isinstance(location, dict) else None
        ):
            if _text(address.get("postal_code")):
                return " ".join(_text(address.get("postal_code")).upper().split())
    return ""


def _areas(service: dict[str, Any]) -> list[str]:
    codes: list[str] = []
    for area in _items(service.get("service_areas")):
        for key in ("uri", "service_area", "extent"):
            for code in _GSS.findall(_text(area.get(key))):
                if code not in codes:
                    codes.append(code)
    return codes


def _web_address(url: str) -> str:
    """Only http(s) addresses are kept (a ``javascript:`` link is not a service's site)."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def _services_in(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if isinstance(document.get("content"), list):
            return list(document["content"])
        if "id" in document and "name" in document:
            return [document]
    raise DirectoryError(
        "not an Open Referral UK services document: expected a service object, a list of "
        "services, or a page with a 'content' list"
    )


def read_oruk_services(
    data: bytes, *, authority_of: Callable[[str], str | None] | None = None
) -> DirectoryRead:
    """Every service in an ORUK JSON document; ``authority_of(postcode)`` adds the LA served."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise DirectoryError(f"the file is not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise DirectoryError(
            f"the file is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    result = DirectoryRead()
    for index, service in enumerate(_services_in(document), start=1):
        if not isinstance(service, dict):
            result.problems.append(ServiceProblem(index, "", "service", "expected an object"))
            continue
        service_id = _text(service.get("id")) or (
            str(service["id"]) if isinstance(service.get("id"), int) else ""
        )
        name = _text(service.get("name"))
        if not service_id:
            result.problems.append(ServiceProblem(index, "", "id", "a service needs an id"))
            continue
        if not name:
            result.problems.append(
                ServiceProblem(index, service_id, "name", "a service needs a name")
            )
            continue
        status = _text(service.get("status")).lower()
        if status and status != "active":
            result.skipped.append(f"{name} ({service_id}): status is {status!r}, not 'active'")
            continue
        organisation = service.get("organization")
        postcode = _first_postcode(service)
        areas = _areas(service)
        if postcode and authority_of is not None:
            authority = authority_of(postcode)
            if authority and authority not in areas:
                areas.append(authority)
        result.services.append(
            OrukService(
                oruk_id=service_id[:100],
                name=name[:200],
                organisation=_text(organisation.get("name"))
                if isinstance(organisation, dict)
                else "",
                description=_text(service.get("description")),
                url=_web_address(_text(service.get("url")))[:300],
                email=_text(service.get("email"))[:200],
                phone=_first_phone(service)[:40],
                postcode=postcode[:8],
                area_codes=tuple(areas),
            )
        )
    return result
