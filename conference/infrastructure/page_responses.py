"""What the page cache stores and sends: stored renderings (gzipped once), their headers,
who may share a response, and ETags made from a body when no version speaks for it."""

import datetime as dt
import gzip
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from conference.infrastructure.caching import cache_private, cache_public
from conference.infrastructure.page_versions import Scopes

MIN_GZIP_BYTES = 200  # as GZipMiddleware: shorter bodies are not worth compressing


@dataclass(frozen=True)
class StoredPage:
    version: str
    variant: str
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


@dataclass(frozen=True)
class PageOptions:
    namespace: str
    scopes: Scopes
    # The query parameters the view reads. Any other is redirected away (pages), or
    # (APIs, whose clients expect no redirect) the response is rendered, not stored.
    params: frozenset[str]
    redirect_unknown: bool
    # Request headers (META keys) the rendering depends on besides the path and language:
    # the API's Accept picks JSON or the browsable HTML.
    vary_on: tuple[str, ...]
    # Pages that change with the clock: a new version every ``clock`` seconds, and
    # browsers and CDNs keep them no longer.
    clock: int | None
    # The page never differs by viewer (exports): signed-in visitors share it too.
    same_for_everyone: bool

    @property
    def max_age(self) -> int | None:
        return min(self.clock, settings.PUBLIC_CACHE_MAX_AGE) if self.clock else None


def respond_stored(
    request: HttpRequest, page: StoredPage, options: PageOptions
) -> HttpResponseBase:
    modified = int(page.last_modified.timestamp()) if page.last_modified else None
    not_modified = get_conditional_response(request, etag=page.etag, last_modified=modified)
    if not_modified is not None:
        return with_headers(
            cache_public(not_modified, options.max_age), page.etag, page.last_modified
        )
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    send_gzipped = page.gzipped and re_accepts_gzip.search(accepted) is not None
    body = page.body if send_gzipped or not page.gzipped else gzip.decompress(page.body)
    response = HttpResponse(body)
    for header, value in page.headers:
        response.headers[header] = value
    patch_vary_headers(response, ["Accept-Encoding"])
    with_headers(cache_public(response, options.max_age), page.etag, page.last_modified)
    if send_gzipped:
        # What GZipMiddleware does to a response it compresses (and then leaves alone).
        response.headers["Content-Encoding"] = "gzip"
        response.headers["ETag"] = f"W/{page.etag}"
    return response


def compressed(body: bytes) -> dict[str, Any]:
    """StoredPage's body and gzipped fields."""
    if len(body) >= MIN_GZIP_BYTES:
        packed = compress_string(body, max_random_bytes=GZipMiddleware.max_random_bytes)
        if len(packed) < len(body):
            return {"body": packed, "gzipped": True}
    return {"body": body, "gzipped": False}


def with_headers(
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


# Set per response by with_headers, cache_public/cache_private and the middleware: not stored.
_UNSTORED_HEADERS = frozenset({"cache-control", "etag", "last-modified", "content-length"})


def stored_headers(response: HttpResponse) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in response.headers.items() if k.lower() not in _UNSTORED_HEADERS)


def shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A rendering anyone may be served: no cookies set, no CSRF token used in it."""
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def viewer_state(request: HttpRequest) -> str:
    """Everything about the viewer a personal rendering may show: who they are, their
    credentials, cookies (CSRF token, pending messages) and session data (time zone)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    data = sorted(session.items(), key=lambda item: item[0]) if session is not None else []
    text = repr(
        (
            getattr(user, "pk", None),
            request.META.get("HTTP_AUTHORIZATION", ""),
            sorted(request.COOKIES.items()),
            data,
        )
    )
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def hashed(
    request: HttpRequest, response: HttpResponse, *, personal: bool, options: PageOptions
) -> HttpResponseBase:
    """The response with its body's hash as ETag (unless the view set its own)."""
    if response.streaming:
        return response
    if not response.has_header("ETag"):
        digest = hashlib.blake2b(response.content, digest_size=12)
        digest.update(options.namespace.encode())
        if personal:
            digest.update(viewer_state(request).encode())
        response["ETag"] = f'"{digest.hexdigest()}"'
    return own_etag(request, response, personal=personal, options=options)


def own_etag(
    request: HttpRequest, response: HttpResponse, *, personal: bool, options: PageOptions
) -> HttpResponseBase:
    """A view that sets its own ETag (a slot's, which writes check with If-Match) keeps
    it: the response is not stored, and If-None-Match is answered against that ETag."""
    etag = response["ETag"]
    shared = not personal and shareable(request, response)
    not_modified = get_conditional_response(request, etag=etag, response=response)
    result: HttpResponseBase = response
    if not_modified is not None and not_modified.status_code == 304:
        result = not_modified
    if shared:
        return with_headers(cache_public(result, options.max_age), etag, None)
    return with_headers(cache_private(result), etag, None)
