from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "linewatch.web.intake"
    label = "intake"
