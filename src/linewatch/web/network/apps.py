from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "linewatch.web.network"
    label = "network"
