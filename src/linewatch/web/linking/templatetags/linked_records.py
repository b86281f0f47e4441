"""``{% linked_records_panel person %}``: the "Linked records" panel on a person page."""

from __future__ import annotations

from typing import Any

from django import template

from linewatch.web.linking.models import EntityMembership
from linewatch.web.listing import entries
from linewatch.web.pole.models import Person

register = template.Library()


@register.inclusion_tag("linking/person_panel.html", takes_context=True)
def linked_records_panel(context: dict[str, Any], person: Person) -> dict[str, Any]:
    """The other records of the person's resolved entity that the viewer may know of."""
    request = context["request"]
    membership = EntityMembership.objects.filter(person_id=person.pk).first()
    linked = []
    if membership is not None:
        others = (
            Person.objects.filter(entity__entity_key=membership.entity_key)
            .exclude(pk=person.pk)
            .select_related("owning_agency")
            .order_by("pk")
        )
        linked = entries(request.user, others, "person record")
    return {
        "request": request,
        "person": person,
        "linked": linked,
        "enrolled": membership is not None,
    }
