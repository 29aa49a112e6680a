from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Talks and speakers"

    def ready(self) -> None:
        # Imported to register: page_scopes says which pages each model's rows appear on.
        from conference.infrastructure.warmup import warming_up
        from talks import page_scopes  # noqa: F401
        from talks.markdown import warm_up_markdown

        warming_up.connect(warm_up_markdown, dispatch_uid="talks.markdown")
