"""Cache-Control for the page cache (conference/infrastructure/page_cache.py) and the
cache key prefix.

``cache_public()``: pages a browser or CDN may keep briefly. ``cache_private()``:
personal pages that must never be shared.
"""

from django.conf import settings
from django.http import HttpResponseBase
from django.utils.cache import patch_cache_control

KEY_PREFIX = "hallway"


def cache_public(response: HttpResponseBase, max_age: int | None = None) -> HttpResponseBase:
    """Browsers and CDNs may keep the page for a short time (PUBLIC_CACHE_MAX_AGE)."""
    age = settings.PUBLIC_CACHE_MAX_AGE if max_age is None else max_age
    patch_cache_control(response, public=True, max_age=age)
    return response


def cache_private(response: HttpResponseBase) -> HttpResponseBase:
    """Only the visitor's own browser may keep it, and must revalidate before reuse."""
    patch_cache_control(response, private=True, no_cache=True)
    return response
