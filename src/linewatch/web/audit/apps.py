from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "linewatch.web.audit"
    label = "audit"
