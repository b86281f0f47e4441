from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "linewatch.web.events"
    label = "events"
