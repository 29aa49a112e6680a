from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Talks and speakers"

    def ready(self) -> None:
        # Imported to register: page_scopes says which pages each model's rows appear on.
        from talks import page_scopes  # noqa: F401
