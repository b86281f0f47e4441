from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "linewatch.web.api"
    label = "api"
    verbose_name = "Partnership API"
