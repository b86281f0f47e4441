from django.apps import AppConfig


class PoleConfig(AppConfig):
    name = "linewatch.web.pole"
    label = "pole"
