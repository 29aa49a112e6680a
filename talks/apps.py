from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Talks and speakers"

    def ready(self) -> None:
        # Webhook admin lives in its own module (talks/admin.py has another owner).
        from talks import admin_webhooks  # noqa: F401
