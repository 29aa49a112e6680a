from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conferences"

    def ready(self) -> None:
        from conference import page_cache

        # Writes to conference and talks rows tell every server's page cache to revalidate.
        page_cache.connect_signals()
