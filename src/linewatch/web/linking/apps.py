from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "linewatch.web.linking"
    label = "linking"
