"""WSGI entry point (gunicorn conference.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

application = get_wsgi_application()

from conference.checks import require_secret_key  # noqa: E402 - needs the settings loaded
from conference.infrastructure.warmup import warm_up  # noqa: E402 - needs the apps loaded

require_secret_key()
warm_up()
