"""Caching that is never stale: what content depends on, and Cache-Control.

- ``ContentVersion``: what a page depends on (counts, max(updated_at), the latest
  release), read in one cheap query by a version function; conference/page_cache.py's
  ``cached_page`` decorator keys stored pages, ETags and Last-Modified on it. A new
  release or a changed talk gives a new version, so nothing stale is ever served and
  nothing has to be deleted.
- ``cache_public()`` / ``cache_private()`` (and the ``public_page`` / ``personal_page``
  decorators): Cache-Control for pages a CDN may keep briefly, and for personal pages
  that must never be shared.

Version functions live beside the models they read (talks/page_versions.py).
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

KEY_PREFIX = "hallway"


def _timestamp(moment: dt.datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


@dataclass(frozen=True)
class ContentVersion:
    """What a page's content depends on, read in one query.

    ``parts`` are the values that change whenever the content does (ids, counts, the
    latest release, max(updated_at)); ``last_modified`` the newest of the timestamps.
    """

    parts: tuple[Any, ...]
    last_modified: dt.datetime | None = None

    @property
    def token(self) -> str:
        return ":".join(_timestamp(p) if isinstance(p, dt.datetime) else str(p) for p in self.parts)

    def etag(self, *extra: Any) -> str:
        text = ":".join([self.token, *(str(e) for e in extra)])
        return '"' + hashlib.blake2b(text.encode(), digest_size=12).hexdigest() + '"'


def latest(*moments: dt.datetime | None) -> dt.datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def cache_public(response: HttpResponseBase, max_age: int | None = None) -> HttpResponseBase:
    """Browsers and CDNs may keep the page for a short time (PUBLIC_CACHE_MAX_AGE)."""
    age = settings.PUBLIC_CACHE_MAX_AGE if max_age is None else max_age
    patch_cache_control(response, public=True, max_age=age)
    return response


def cache_private(response: HttpResponseBase) -> HttpResponseBase:
    """Only the visitor's own browser may keep it, and must revalidate before reuse."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


View = Callable[..., HttpResponseBase]


def public_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return cache_public(view(request, *args, **kwargs))

    return wrapped


def personal_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return cache_private(view(request, *args, **kwargs))

    return wrapped
