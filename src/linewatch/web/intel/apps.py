from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "linewatch.web.intel"
    label = "intel"
