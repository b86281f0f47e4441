from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "linewatch.web.trends"
    label = "trends"
