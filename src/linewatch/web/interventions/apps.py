from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "linewatch.web.interventions"
    label = "interventions"
