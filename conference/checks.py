"""System checks of Hallway's own settings."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


def secret_key_missing() -> bool:
    """Django raises on reading an empty SECRET_KEY; that is what "missing" means here."""
    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:
        return True


def require_secret_key() -> None:
    """Called by the app servers' entry points: no serving without a secret key."""
    if secret_key_missing():
        raise ImproperlyConfigured(settings.MISSING_SECRET_KEY_MESSAGE)


@register(deploy=True)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    if secret_key_missing():
        return [Error(settings.MISSING_SECRET_KEY_MESSAGE, id="hallway.E001")]
    return []


@register(deploy=True)
def check_task_backend(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Without DEBUG, e-mail and webhooks must not run inside web requests."""
    backends = {alias: config["BACKEND"] for alias, config in settings.TASKS.items()}
    in_process = {
        alias
        for alias, backend in backends.items()
        if backend.rsplit(".", 1)[-1] in ("ImmediateBackend", "DummyBackend")
    }
    if settings.DEBUG or not in_process:
        return []
    return [
        Error(
            "Background tasks run inside the web request (or never): the immediate or dummy "
            "task backend is configured without DEBUG.",
            hint="Set TASKS_BACKEND=django_tasks_db.DatabaseBackend and run "
            "`manage.py worker` beside gunicorn (README: Background work).",
            id="hallway.E018",
        )
    ]
