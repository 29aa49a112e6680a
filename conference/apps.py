from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conferences"

    def ready(self) -> None:
        from conference import checks  # noqa: F401 - registers itself
        from conference.text import refuse_control_characters_in_text_fields

        refuse_control_characters_in_text_fields()
        from conference.infrastructure import page_versions

        # Writes to conference and talks rows tell every server's page cache to revalidate.
        page_versions.connect_signals()

        # Who organizes what is looked up once per request (conference/rules.py).
        from django.core.signals import request_started

        from conference.rules import forget_cached_memberships

        request_started.connect(forget_cached_memberships, dispatch_uid="hallway-memberships")

        # Connects the login-throttle signal receivers; gives the admin its login form and name.
        from django.contrib import admin

        from conference.infrastructure import security

        admin.site.login_form = security.ThrottledAdminAuthenticationForm
        admin.site.site_header = "Hallway administration"
        admin.site.site_title = "Hallway admin"
        admin.site.index_title = "Hallway: conferences, talks and follow-ups"
