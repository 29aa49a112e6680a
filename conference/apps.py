from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conferences"

    def ready(self) -> None:
        # Connects the login-throttle signal receivers and gives the admin its login form.
        from django.contrib import admin

        from conference import security

        admin.site.login_form = security.ThrottledAdminAuthenticationForm
