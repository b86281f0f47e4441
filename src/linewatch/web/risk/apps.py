from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "linewatch.web.risk"
    label = "risk"

    def ready(self) -> None:
        from linewatch.web.risk.freshness import connect

        connect()
