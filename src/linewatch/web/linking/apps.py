"""Entity resolution runs, links between records, and the analysts' review queue."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_delete


class LinkingConfig(AppConfig):
    name = "linewatch.web.linking"
    label = "linking"

    def ready(self) -> None:
        from linewatch.web.linking.erasure import (
            forget_object,
            regroup_after_erasure,
            remember_entity,
        )
        from linewatch.web.pole.models import Location, Person, Phone, Vehicle

        pre_delete.connect(remember_entity, sender=Person, dispatch_uid="linking-remember")
        post_delete.connect(regroup_after_erasure, sender=Person, dispatch_uid="linking-regroup")
        for model in (Phone, Location, Vehicle):
            post_delete.connect(
                forget_object, sender=model, dispatch_uid=f"linking-forget-{model.__name__}"
            )
