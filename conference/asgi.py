"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

application = get_asgi_application()

from conference.checks import require_secret_key  # noqa: E402 - needs the settings loaded
from conference.infrastructure.warmup import warm_up  # noqa: E402 - needs the apps loaded

require_secret_key()
warm_up()
