from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "linewatch.web.risk"
    label = "risk"
