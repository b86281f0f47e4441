from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linewatch.web.accounts"
    label = "accounts"
    verbose_name = "Agencies and users"
