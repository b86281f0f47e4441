from django.apps import AppConfig


class LinesConfig(AppConfig):
    name = "linewatch.web.lines"
    label = "lines"
