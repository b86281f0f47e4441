from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "linewatch.web.search"
    label = "search"

    def ready(self) -> None:
        from linewatch.web.search.index import connect

        connect()
