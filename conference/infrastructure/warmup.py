"""Work every app server process would otherwise do on its first requests, done at start.

Compiling the site's templates, building the URL resolver's reverse maps, loading the
translation catalogue and the cache client, and opening the database connection (pool)
cost several hundred milliseconds once per process. Done lazily, the first visitor after
a deploy or a worker restart pays for them; done here, from conference/wsgi.py and
asgi.py as the process starts, nobody does.
"""

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.dispatch import Signal
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver
from django.utils import translation

# Our own templates: the project's templates/ and the talks app's (the API's browsable pages).
TEMPLATE_ROOTS = (
    Path(settings.BASE_DIR) / "templates",
    Path(settings.BASE_DIR) / "talks" / "templates",
)


def _template_names() -> list[str]:
    names = []
    for root in TEMPLATE_ROOTS:
        names += [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(names)


def _populate(resolver: URLResolver) -> None:
    resolver.reverse_dict  # noqa: B018 - building it is the point
    for _, child in resolver.namespace_dict.values():
        _populate(child)


logger = logging.getLogger(__name__)

# Sent once as the process starts: apps connect what they would otherwise build on their
# first request (talks builds its Markdown converter), so conference/ need not know them.
warming_up = Signal()


def _connect() -> None:
    try:
        connections["default"].ensure_connection()
    except DatabaseError:
        # Not fatal: the process serves what it can, and requests retry the connection.
        logger.warning("warm-up: the database is not reachable yet", exc_info=True)
    finally:
        # Back to the pool (or closed): requests open their own, as they always do.
        connections.close_all()


def _touch_cache() -> None:
    # The cache backend is built, and its client library (redis: a large import) loaded,
    # on first use; the first page read would pay for both, and for the connection.
    # An unreachable cache is not fatal: the backend degrades to uncached pages.
    cache.get("warm-up")


def warm_up() -> int:
    """Compile the templates, build the URL maps, load the catalogue, open the database
    pool; returns how many templates were compiled."""
    compiled = 0
    for name in _template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # the page that uses it reports the error, as it would without this
        compiled += 1
    _populate(get_resolver())
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Home")
    warming_up.send(sender=warm_up)
    _touch_cache()
    _connect()
    # Everything loaded so far lives as long as the process: leave it out of the
    # collector's full passes, which otherwise walk it all in the middle of requests.
    gc.freeze()
    return compiled
