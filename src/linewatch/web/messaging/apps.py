from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "linewatch.web.messaging"
    label = "messaging"
