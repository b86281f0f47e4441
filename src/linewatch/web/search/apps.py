from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "linewatch.web.search"
    label = "search"
