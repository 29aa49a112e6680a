"""The page cache: conditional GET and stored renderings that are never stale.

``cached_page(version_function)`` decorates a public view. For anonymous visitors:

1. Fast path (no database): the stored rendering of this path is served when it was
   validated under the current *generation*, a token in the shared cache that every
   write to the catalogue replaces (signals below, on every app server through Redis).
   Only with a shared cache (PAGE_CACHE_TRUST_INVALIDATION, on for Redis): with a
   per-process cache a write in one worker could not reach the others.
2. Otherwise the version function reads what the page depends on (one query). Same
   version as stored: the rendering is re-stamped and served. Different: the view
   renders, and the rendering is stored if it is shareable (no cookie set, no CSRF
   token in it).

Either way the response carries ETag and Last-Modified, a matching If-None-Match or
If-Modified-Since gets 304, and Cache-Control is public with a short max-age. A 304 is
only ever given for a page known to answer 200 (stored, or rendered now) to a viewer
whose credentials were checked: a private or missing page stays a 404, a bad API token
a 401. Signed-in
visitors, and requests with an Authorization header, always get a fresh, private
rendering (it may greet them, hold their token or show fields only they may see).
Class-based views and DRF viewsets use it through
``method_decorator(cached_page(version), name="get")`` (or "list"/"retrieve").

Writes that send no signals (bulk_create, QuerySet.update(), raw SQL) call
``pages_changed()``; if one does not, a stored page is still revalidated against the
database after PAGE_REVALIDATE_SECONDS.
"""

import datetime as dt
import gzip
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string
from django.utils.translation import get_language

from conference.caching import KEY_PREFIX, ContentVersion, cache_private, cache_public

GENERATION_KEY = f"{KEY_PREFIX}:pages:generation"
MIN_GZIP_BYTES = 200  # as GZipMiddleware: shorter bodies are not worth compressing
# Apps whose rows appear on public pages; any write to them invalidates the fast path.
WATCHED_APPS = frozenset({"conference", "talks"})

View = Callable[..., HttpResponseBase]


def pages_changed() -> None:
    """Make every app server revalidate its stored pages (one cheap query per page)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _on_write(sender: Any, **kwargs: Any) -> None:
    if sender._meta.app_label in WATCHED_APPS:
        # Now, and again after commit: a page rendered from the old rows while the
        # transaction was open must not be trusted under the new generation.
        pages_changed()
        transaction.on_commit(pages_changed, using=kwargs.get("using"))


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"hallway-pages-changed-{signal!r}")


def _generation(found: Any) -> str:
    if found is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        found = cache.get(GENERATION_KEY)
    return str(found)


@dataclass(frozen=True)
class StoredPage:
    token: str
    etag: str
    last_modified: dt.datetime | None
    # Gzipped once when stored (when that makes it smaller): every request reads the
    # stored page from the cache, so the smaller the better, and GZipMiddleware would
    # compress the same bytes again for every browser. The few clients that do not
    # accept gzip get it decompressed.
    body: bytes
    gzipped: bool
    # The view's own headers (Content-Type, Content-Disposition, CORS, DRF's Vary).
    headers: tuple[tuple[str, str], ...]
    generation: str
    validated_at: float


@dataclass(frozen=True)
class PageOptions:
    namespace: str
    # Request headers (META keys) the rendering depends on besides the path and language:
    # the API's Accept picks JSON or the browsable HTML.
    vary_on: tuple[str, ...]
    # How long the fast path may serve a stored page without asking the version function,
    # and browsers and CDNs may keep it (default: the settings).
    revalidate_seconds: int | None
    # The page never differs by viewer (exports): signed-in visitors share it too.
    same_for_everyone: bool


def _respond(request: HttpRequest, page: StoredPage, options: PageOptions) -> HttpResponseBase:
    modified = int(page.last_modified.timestamp()) if page.last_modified else None
    not_modified = get_conditional_response(request, etag=page.etag, last_modified=modified)
    if not_modified is not None:
        return _headers(
            cache_public(not_modified, options.revalidate_seconds), page.etag, page.last_modified
        )
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    send_gzipped = page.gzipped and re_accepts_gzip.search(accepted) is not None
    body = page.body if send_gzipped or not page.gzipped else gzip.decompress(page.body)
    response = HttpResponse(body)
    for header, value in page.headers:
        response.headers[header] = value
    patch_vary_headers(response, ["Accept-Encoding"])
    _headers(cache_public(response, options.revalidate_seconds), page.etag, page.last_modified)
    if send_gzipped:
        # What GZipMiddleware does to a response it compresses (and then leaves alone).
        response.headers["Content-Encoding"] = "gzip"
        response.headers["ETag"] = f"W/{page.etag}"
    return response


def _compressed(body: bytes) -> dict[str, Any]:
    """StoredPage's body and gzipped fields."""
    if len(body) >= MIN_GZIP_BYTES:
        packed = compress_string(body, max_random_bytes=GZipMiddleware.max_random_bytes)
        if len(packed) < len(body):
            return {"body": packed, "gzipped": True}
    return {"body": body, "gzipped": False}


def _headers(
    response: HttpResponseBase, etag: str, last_modified: dt.datetime | None
) -> HttpResponseBase:
    # Ours, not the view's (the API sets its own): the same ETag whether the page was
    # rendered now or served from the store, so If-None-Match matches either way.
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    # Anonymous and signed-in visitors get different Cache-Control: caches must tell them apart.
    patch_vary_headers(response, ["Cookie", "Authorization"])
    return response


# Set per response by _headers, cache_public/cache_private and the middleware: not stored.
_UNSTORED_HEADERS = frozenset({"cache-control", "etag", "last-modified", "content-length"})


def _stored_headers(response: HttpResponse) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in response.headers.items() if k.lower() not in _UNSTORED_HEADERS)


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
    version: Callable[..., ContentVersion | None],
    *,
    name: str | None = None,
    vary_on: tuple[str, ...] = (),
    revalidate_seconds: int | None = None,
    same_for_everyone: bool = False,
) -> Callable[[View], View]:
    """Decorate a public view: see the module docstring.

    ``version(request, *args, **kwargs)`` returns the page's ContentVersion, or None when
    the page does not exist (the view then answers, usually 404). ``revalidate_seconds``
    shortens PAGE_REVALIDATE_SECONDS for pages that change with the clock (now & next).
    """

    def decorator(view: View) -> View:
        options = PageOptions(
            namespace=name or f"{view.__module__}.{view.__qualname__}",
            vary_on=vary_on,
            revalidate_seconds=revalidate_seconds,
            same_for_everyone=same_for_everyone,
        )

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            user = getattr(request, "user", None)
            # An Authorization header (API token, HTTP auth) is checked inside the view,
            # after this decorator: such a request may see more, so it is never shared,
            # and the view runs before any 304 (_personal).
            # A session may carry preferences the page shows (the viewer's time zone).
            has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
            signed_in = user is not None and user.is_authenticated
            personal = signed_in or has_session or "HTTP_AUTHORIZATION" in request.META
            if personal and not options.same_for_everyone:
                return _personal(request, view, version, options, args, kwargs)
            return _shared(request, view, version, options, args, kwargs)

        return wrapped

    return decorator


def _rendered(response: HttpResponseBase) -> HttpResponseBase:
    """DRF's Response and TemplateResponse render late; the store needs the bytes now."""
    render = getattr(response, "render", None)
    if render is not None and not getattr(response, "is_rendered", True):
        render()
    return response


def _variant(request: HttpRequest, options: PageOptions) -> str:
    """What the rendering is for: scheme, host (exports hold absolute links), path, query."""
    uri = request.build_absolute_uri()
    return "\n".join([uri, *(request.META.get(k, "") for k in options.vary_on)])


def _shared(
    request: HttpRequest,
    view: View,
    version: Callable[..., ContentVersion | None],
    options: PageOptions,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponseBase:
    language = get_language() or settings.LANGUAGE_CODE
    variant = _variant(request, options)
    key = _store_key(options, language, variant)
    found = cache.get_many([GENERATION_KEY, key])
    stored: StoredPage | None = found.get(key)
    now = time.time()
    revalidate = options.revalidate_seconds or settings.PAGE_REVALIDATE_SECONDS
    if (
        settings.PAGE_CACHE_TRUST_INVALIDATION
        and stored is not None
        and stored.generation == found.get(GENERATION_KEY)
        and now - stored.validated_at < revalidate
    ):
        return _respond(request, stored, options)

    generation = _generation(found.get(GENERATION_KEY))
    content = version(request, *args, **kwargs)
    if content is None:
        return view(request, *args, **kwargs)
    if stored is not None and stored.token == content.token:
        stored = replace(stored, generation=generation, validated_at=now)
        if settings.PAGE_CACHE_TRUST_INVALIDATION:
            cache.set(key, stored, settings.PAGE_CACHE_TIMEOUT)
        return _respond(request, stored, options)

    etag = content.etag(options.namespace, language, variant)
    modified = int(content.last_modified.timestamp()) if content.last_modified else None
    # No stored rendering: the view answers first. The version speaks for what the page
    # depends on (the conference), not for what its path names (a draft's API page, a
    # day the conference does not have): those are 404s, never 304s.
    response = _rendered(view(request, *args, **kwargs))
    if response.status_code != 200:
        return response
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if isinstance(response, HttpResponse) and _shareable(request, response):
        page = StoredPage(
            token=content.token,
            etag=etag,
            last_modified=content.last_modified,
            **_compressed(response.content),
            headers=_stored_headers(response),
            generation=generation,
            validated_at=now,
        )
        cache.set(key, page, settings.PAGE_CACHE_TIMEOUT)
        return _headers(
            cache_public(not_modified or response, options.revalidate_seconds),
            etag,
            content.last_modified,
        )
    # It set a cookie or holds a CSRF token: for this visitor only.
    return _headers(cache_private(not_modified or response), etag, content.last_modified)


def _store_key(options: PageOptions, language: str, variant: str) -> str:
    # Hashed: paths may hold characters some cache servers refuse in keys.
    digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}:page4:{options.namespace}:{language}:{digest}"


def _personal(
    request: HttpRequest,
    view: View,
    version: Callable[..., ContentVersion | None],
    options: PageOptions,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponseBase:
    content = version(request, *args, **kwargs)
    if content is None:
        return view(request, *args, **kwargs)
    language = get_language() or settings.LANGUAGE_CODE
    user = getattr(request, "user", None)
    # Per visitor: the user, or (API tokens are checked later, in the view) the credentials.
    credentials = hashlib.blake2b(
        request.META.get("HTTP_AUTHORIZATION", "").encode(), digest_size=8
    ).hexdigest()
    etag = content.etag(
        options.namespace,
        language,
        _variant(request, options),
        getattr(user, "pk", ""),
        credentials,
    )
    modified = int(content.last_modified.timestamp()) if content.last_modified else None
    # A 304 without rendering needs proof that the page exists: the public's stored
    # rendering of it under this version (a signed-in visitor sees at least what the
    # public does). Credentials in an Authorization header are not checked yet (the view,
    # DRF, does that): a bad token must get its 401, so the view always answers first.
    if "HTTP_AUTHORIZATION" not in request.META:
        stored = cache.get(_store_key(options, language, _variant(request, options)))
        if isinstance(stored, StoredPage) and stored.token == content.token:
            not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
            if not_modified is not None:
                return _headers(cache_private(not_modified), etag, content.last_modified)
    response = _rendered(view(request, *args, **kwargs))
    if response.status_code != 200:
        return response
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    return _headers(cache_private(not_modified or response), etag, content.last_modified)
