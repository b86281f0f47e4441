from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linewatch.web.accounts"
    label = "accounts"
    verbose_name = "Agencies and users"

    def ready(self) -> None:
        from linewatch.web.accounts import middleware  # noqa: F401  (connects the sign-in stamp)
