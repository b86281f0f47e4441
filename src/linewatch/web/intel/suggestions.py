"""What the analyst is offered to link: entities found in the report's text, each marked when
it matches an existing record exactly."""

from __future__ import annotations

from typing import Any

from linewatch.web.access import visible_or_redacted
from linewatch.web.intel.submission import LinkChoice
from linewatch.web.pole.models import Location, Person, Phone, Vehicle


def link_choices(user: Any, text: str) -> dict[str, LinkChoice]:
    """Suggestions keyed by form value, in the order they appear in the text."""
    from linewatch.core.extraction import extract

    found = extract(text)
    postcodes = [s.value for s in found if s.kind == "postcode"]
    choices: dict[str, LinkChoice] = {}
    for suggestion in found:
        choice = _choice(user, suggestion, postcodes[0] if postcodes else "")
        if choice is not None and choice.key not in choices:
            choices[choice.key] = choice
    return choices


def _choice(user: Any, suggestion: Any, postcode: str) -> LinkChoice | None:
    kind, value, text = suggestion.kind, suggestion.value, suggestion.text
    if kind == "phone":
        known = Phone.objects.filter(e164=value).exists()
        return LinkChoice(
            f"phone:{value}",
            "phone",
            value,
            f"Phone {text} ({value})" + (" – matches an existing record" if known else " – new"),
        )
    if kind == "vrm":
        known = Vehicle.objects.filter(vrm=value).exists()
        return LinkChoice(
            f"vrm:{value}",
            "vrm",
            value,
            f"Vehicle {value}" + (" – matches an existing record" if known else " – new"),
        )
    if kind == "postcode":
        known = Location.objects.filter(postcode=value, address_key="").exists()
        return LinkChoice(
            f"postcode:{value}",
            "postcode",
            f"|{value}",
            f"Postcode {value}" + (" – matches an existing place" if known else ""),
        )
    if kind == "address":
        parts = dict(getattr(suggestion, "parts", ()) or ())
        street = " ".join(p for p in (parts.get("number", ""), parts.get("street", "")) if p)
        address = (
            ", ".join(p for p in (parts.get("flat", ""), street, parts.get("town", "")) if p)
            or value
        )
        postcode = parts.get("postcode", "") or postcode
        known = Location.objects.filter(address__iexact=address, postcode=postcode).exists()
        where = f"{address}, {postcode}" if postcode else address
        return LinkChoice(
            f"address:{address}|{postcode}",
            "address",
            f"{address}|{postcode}",
            f"Address {where}" + (" – matches an existing place" if known else " – new place"),
        )
    if kind == "person":
        matches = visible_or_redacted(
            user, Person.objects.filter(search_name__startswith=value.lower())
        )
        person = matches.first()
        if person is not None:
            return LinkChoice(
                f"person:{person.pk}",
                "person",
                str(person.pk),
                f"Person {value} – matches record {person.pk} held by {person.owning_agency.name}",
            )
        return LinkChoice(f"person:new:{value}", "person", "", value)
    return None
