from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "linewatch.web.retention"
    label = "retention"
    verbose_name = "Retention, review and erasure"
