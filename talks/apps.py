from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Talks and speakers"

    def ready(self) -> None:
        # Imported to register: the webhook admin lives in its own module (talks/admin.py
        # has another owner); page_scopes says which pages each model's rows appear on.
        from talks import admin_webhooks, page_scopes  # noqa: F401
