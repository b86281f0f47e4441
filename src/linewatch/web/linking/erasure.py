"""When a person record is erased, the entity it was in is regrouped without it; an erased
phone, location or vehicle leaves its resolved entity.

Its links and membership go with it (cascade); the records it joined are then regrouped from
the links that remain, so a record that was the only bridge between two others no longer
holds them together.
"""

from __future__ import annotations

from typing import Any

from linewatch.web.linking.entities import members_of_entities_of, regroup

_MEMBERS = "_linking_entity_members"


def remember_entity(sender: Any, instance: Any, **kwargs: Any) -> None:
    setattr(instance, _MEMBERS, members_of_entities_of([instance.pk]) - {instance.pk})


def regroup_after_erasure(sender: Any, instance: Any, **kwargs: Any) -> None:
    others = getattr(instance, _MEMBERS, None)
    if others:
        regroup(others)


def forget_object(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted phone, location or vehicle row leaves its resolved entity."""
    from django.db.models import Q

    from linewatch.web.linking.models import ObjectEntity, ObjectLink

    kind = sender.__name__.lower()
    ObjectEntity.objects.filter(kind=kind, object_id=instance.pk).delete()
    ObjectLink.objects.filter(Q(left_id=instance.pk) | Q(right_id=instance.pk), kind=kind).delete()
