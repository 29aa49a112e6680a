"""Caching that is never stale: keys built from what the content depends on.

Three helpers for views and exports:

- ``schedule_cache_key()``: a cache key per released schedule version (and language,
  format), so a new release makes new keys and nothing has to be deleted. The same key
  on every app server, because it is read from the database, not from local state.
- ``ContentVersion`` and ``cached_page()``: a view decorator that asks a version
  function (one cheap query: counts, max(updated_at), the latest release) what the
  page depends on, answers 304 to a matching If-None-Match / If-Modified-Since, serves
  anonymous visitors a stored rendering for that exact version, and renders otherwise.
  Any change to what the version covers changes the key, at once, on every server.
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
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

KEY_PREFIX = "hallway"


class ReleaseLike(Protocol):
    pk: Any
    released_at: dt.datetime | None


def _timestamp(moment: dt.datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def schedule_cache_key(
    *,
    conference_pk: Any,
    release: ReleaseLike | None,
    name: str,
    language: str | None = None,
    fmt: str = "html",
) -> str:
    """A cache key for something derived from a conference's released schedule.

    ``name`` says what it is ("frab", "ical", "api-schedule"), ``fmt`` its format. A new
    release has a new pk and released_at, so its key is new: the old entry is never
    read again and expires on its own.
    """
    release_part = f"{release.pk}:{_timestamp(release.released_at)}" if release else "none"
    language = language or get_language() or settings.LANGUAGE_CODE
    return f"{KEY_PREFIX}:{name}:{conference_pk}:{release_part}:{language}:{fmt}"


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


def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A rendering anyone may be served: no cookies set, no CSRF token used in it."""
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def cached_page(
    version: Callable[..., ContentVersion | None], *, name: str | None = None
) -> Callable[[View], View]:
    """Conditional GET and a version-keyed page cache for a public page.

    ``version(request, *args, **kwargs)`` returns the page's ContentVersion, or None when
    the page does not exist (the view then answers, usually 404). Signed-in visitors get
    a fresh rendering marked private (the page may greet them or hold their CSRF
    token); anonymous visitors share one rendering per version, marked public.
    """

    def decorator(view: View) -> View:
        namespace = name or f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            content = version(request, *args, **kwargs)
            if content is None:
                return view(request, *args, **kwargs)
            user = getattr(request, "user", None)
            personal = bool(user is not None and user.is_authenticated)
            language = get_language() or settings.LANGUAGE_CODE
            path = request.get_full_path()
            etag = content.etag(namespace, language, path, user.pk if personal and user else "")
            modified = int(content.last_modified.timestamp()) if content.last_modified else None
            finish = cache_private if personal else cache_public

            not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
            if not_modified is not None:
                return _finish(finish(not_modified), etag, content)

            key = None
            if not personal:
                # Hashed: paths and tokens may hold characters some cache servers refuse.
                digest = hashlib.blake2b(f"{path}\n{content.token}".encode(), digest_size=16)
                key = f"{KEY_PREFIX}:page:{namespace}:{language}:{digest.hexdigest()}"
                stored = cache.get(key)
                if stored is not None:
                    body, content_type = stored
                    response: HttpResponseBase = HttpResponse(body, content_type=content_type)
                    return _finish(finish(response), etag, content)

            response = view(request, *args, **kwargs)
            if (
                key is not None
                and isinstance(response, HttpResponse)
                and _shareable(request, response)
            ):
                cache.set(
                    key,
                    (response.content, response["Content-Type"]),
                    settings.PAGE_CACHE_TIMEOUT,
                )
            elif not personal:
                finish = cache_private  # set a cookie or used CSRF: not for sharing
            if response.status_code != 200:
                return response
            return _finish(finish(response), etag, content)

        return wrapped

    return decorator


def _finish(response: HttpResponseBase, etag: str, content: ContentVersion) -> HttpResponseBase:
    response.headers.setdefault("ETag", etag)
    if content.last_modified is not None:
        response.headers.setdefault("Last-Modified", http_date(content.last_modified.timestamp()))
    # Anonymous and signed-in visitors get different Cache-Control: caches must tell them apart.
    patch_vary_headers(response, ["Cookie"])
    return response
