from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "linewatch.web.concerns"
    label = "concerns"
    verbose_name = "Community concerns"
