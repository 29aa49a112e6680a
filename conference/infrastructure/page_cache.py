"""The page cache: stored renderings and conditional GET that cannot go stale.

What a page depends on is declared once, next to the data, never per page: rows name
their scopes and writes bump the scopes' counters (conference/infrastructure/
page_versions.py). Each cached view names the scopes of what it shows, from its URL alone:
``@cached_page(conference_pages, params=("preview", "tz"))``. Its version is the counters
of those scopes (and of SITE), read with one ``cache.get_many`` together with the stored
rendering. A template that shows one more field of a registered model needs no second
edit: the field's row already bumps the page's scopes.

For anonymous visitors a stored rendering is served when it was made under the current
counters; otherwise the view renders and the rendering is stored when shareable (no
cookie set, no CSRF token in it). Only the query parameters the view declares
(``params``) are part of the page: any other sends a redirect to the canonical address
(the API, whose clients expect no redirect, renders such a request without storing
it), and renderings with a query string share a few slots per page
(PAGE_CACHE_QUERY_VARIANTS), so no flood of query strings can grow the cache. Counters
are created only for pages that exist, so junk addresses create no keys either.

Either way the response carries an ETag (and, when shared, Last-Modified: the time of
the newest counter), a matching If-None-Match or If-Modified-Since gets 304, and
Cache-Control is public with a short max-age. A 304 is only ever given for a page known to
answer 200 (stored, or rendered now) to a viewer whose credentials were checked: a private
or missing page stays a 404, a bad API token a 401. Signed-in visitors, sessions and requests
with an Authorization header get a private rendering, never stored, whose ETag also
covers the viewer's own state (user, credentials, cookies, session data): "I'm going"
bumps the talk's scope, so the page after the click is never a 304 of the one before.

For PAGE_CACHE_SETTLE_SECONDS after a write, pages render from the primary database, not
a lagging read replica. With a per-process cache (PAGE_CACHE_TRUST_INVALIDATION off)
nothing is stored and the ETag is a hash of the rendered body; so too when the cache is
unreachable (conference/infrastructure/cache_backends.py): pages are rendered uncached,
never a 500.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language

from conference.infrastructure.caching import KEY_PREFIX, cache_private, cache_public
from conference.infrastructure.db_routers import reads_from_primary
from conference.infrastructure.page_responses import (
    PageOptions,
    StoredPage,
    compressed,
    hashed,
    respond_stored,
    shareable,
    stored_headers,
    viewer_state,
    with_headers,
)
from conference.infrastructure.page_versions import (
    SITE,
    Scopes,
    Version,
    counter_key,
    version_of,
)

View = Callable[..., HttpResponseBase]

_pages: dict[str, "PageOptions"] = {}


def _render(
    view: View,
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    version: Version,
) -> HttpResponseBase:
    """The view's response, rendered. Just after a write, from the primary database: a
    read replica may not have the write yet, and the rendering is kept under its version."""
    if time.time() - version.newest < settings.PAGE_CACHE_SETTLE_SECONDS:
        with reads_from_primary():
            return _rendered(view(request, *args, **kwargs))
    return _rendered(view(request, *args, **kwargs))


def page_options(
    scopes: Scopes,
    *,
    name: str,
    params: Iterable[str] = (),
    vary_on: tuple[str, ...] = (),
    clock: int | None = None,
    same_for_everyone: bool = False,
    redirect_unknown: bool = True,
) -> PageOptions:
    """A cached page's declaration, registered under ``name`` (see cached_page)."""
    options = PageOptions(
        namespace=name,
        scopes=scopes,
        params=frozenset(params),
        redirect_unknown=redirect_unknown,
        vary_on=vary_on,
        clock=clock,
        same_for_everyone=same_for_everyone,
    )
    _pages[name] = options
    return options


def cached_page(
    scopes: Scopes,
    *,
    params: Iterable[str] = (),
    name: str | None = None,
    vary_on: tuple[str, ...] = (),
    clock: int | None = None,
    same_for_everyone: bool = False,
) -> Callable[[View], View]:
    """Decorate a public view: see the module docstring.

    ``scopes(request, *args, **kwargs)`` names the scopes of what the page shows, from
    the URL alone (no query); ``params`` are the query parameters the view reads.
    """

    def decorator(view: View) -> View:
        options = page_options(
            scopes,
            name=name or f"{view.__module__}.{view.__qualname__}",
            params=params,
            vary_on=vary_on,
            clock=clock,
            same_for_everyone=same_for_everyone,
        )

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return serve_page(options, view, request, args, kwargs)

        return wrapped

    return decorator


def serve_page(
    options: PageOptions,
    view: View,
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponseBase:
    """Answer a request for a cached page, calling ``view`` only when needed."""
    if request.method not in ("GET", "HEAD"):
        return view(request, *args, **kwargs)
    user = getattr(request, "user", None)
    # An Authorization header (API token, HTTP auth) is checked inside the view,
    # after this decorator: such a request may see more, so it is never shared.
    # A session may carry preferences the page shows (the viewer's time zone).
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    signed_in = user is not None and user.is_authenticated
    personal = signed_in or has_session or "HTTP_AUTHORIZATION" in request.META
    if personal and not options.same_for_everyone:
        return _personal(request, view, options, args, kwargs)
    return _shared(request, view, options, args, kwargs)


def cached_pages() -> dict[str, PageOptions]:
    """Every cached view, by namespace (tests check each one stays fresh)."""
    return dict(_pages)


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


def _unknown_params(request: HttpRequest, options: PageOptions) -> bool:
    return any(key not in options.params for key in request.GET)


def _canonical(request: HttpRequest, options: PageOptions) -> HttpResponseRedirect:
    """A redirect dropping the query parameters the view does not read."""
    kept = [(k, v) for k, values in request.GET.lists() if k in options.params for v in values]
    return HttpResponseRedirect(request.path + (f"?{urlencode(kept)}" if kept else ""))


def _page_key(request: HttpRequest, options: PageOptions, language: str, variant: str) -> str:
    # Hashed: paths may hold characters some cache servers refuse in keys. Renderings
    # with a query string share a few slots per page, so their number is bounded.
    base = "\n".join([request.build_absolute_uri(request.path), *variant.split("\n")[1:]])
    digest = hashlib.blake2b(base.encode(), digest_size=16).hexdigest()
    slot = "-"
    if request.META.get("QUERY_STRING"):
        spread = hashlib.blake2b(variant.encode(), digest_size=4).digest()
        slot = str(int.from_bytes(spread) % settings.PAGE_CACHE_QUERY_VARIANTS)
    return f"{KEY_PREFIX}:page5:{options.namespace}:{language}:{digest}:{slot}"


def _read_version(
    request: HttpRequest,
    options: PageOptions,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    also: tuple[str, ...] = (),
) -> tuple[Version, dict[str, Any]]:
    names = dict.fromkeys([SITE, *options.scopes(request, *args, **kwargs)])
    counter_keys = [counter_key(name) for name in names]
    found = cache.get_many([*counter_keys, *also])
    return version_of(counter_keys, found, options.clock), found


def _shared(
    request: HttpRequest,
    view: View,
    options: PageOptions,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponseBase:
    unknown = _unknown_params(request, options)
    if unknown and options.redirect_unknown:
        return cache_public(_canonical(request, options), options.max_age)
    if unknown or not settings.PAGE_CACHE_TRUST_INVALIDATION:
        return _unstored(request, view, args, kwargs, personal=False, options=options)
    language = get_language() or settings.LANGUAGE_CODE
    variant = _variant(request, options)
    key = _page_key(request, options, language, variant)
    version, found = _read_version(request, options, args, kwargs, also=(key,))
    stored: StoredPage | None = found.get(key)
    if stored is not None and stored.version == version.token and stored.variant == variant:
        return respond_stored(request, stored, options)

    etag = version.etag(options.namespace, language, variant)
    modified = int(version.last_modified.timestamp()) if version.last_modified else None
    # No stored rendering: the view answers first. The counters speak for what the page
    # depends on, not for whether its address exists (a draft's page, a day the conference
    # does not have): those are 404s, never 304s.
    response = _render(view, request, args, kwargs, version)
    if response.status_code != 200:
        return response
    counters = _keep(version)
    if isinstance(response, HttpResponse) and (counters == DOWN or response.has_header("ETag")):
        return hashed(request, response, personal=False, options=options)
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if isinstance(response, HttpResponse) and shareable(request, response):
        if counters == KEPT:
            page = StoredPage(
                version=version.token,
                variant=variant,
                etag=etag,
                last_modified=version.last_modified,
                **compressed(response.content),
                headers=stored_headers(response),
            )
            cache.set(key, page, settings.PAGE_CACHE_TIMEOUT)
        return with_headers(
            cache_public(not_modified or response, options.max_age), etag, version.last_modified
        )
    # It set a cookie or holds a CSRF token: for this visitor only.
    return with_headers(cache_private(not_modified or response), etag, version.last_modified)


def _personal(
    request: HttpRequest,
    view: View,
    options: PageOptions,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponseBase:
    if not settings.PAGE_CACHE_TRUST_INVALIDATION:
        return _unstored(request, view, args, kwargs, personal=True, options=options)
    language = get_language() or settings.LANGUAGE_CODE
    variant = _variant(request, options)
    key = _page_key(request, options, language, variant)
    version, found = _read_version(request, options, args, kwargs, also=(key,))
    etag = version.etag(options.namespace, language, variant, viewer_state(request))
    # A 304 without rendering needs proof that the page exists: the public's stored
    # rendering of it under this version (a signed-in visitor sees at least what the public
    # does). Credentials in an Authorization header are checked by the view (DRF): a bad
    # token must get its 401, so such a request always renders first.
    stored: StoredPage | None = found.get(key)
    exists = stored is not None and stored.version == version.token and stored.variant == variant
    if exists and "HTTP_AUTHORIZATION" not in request.META:
        # No Last-Modified: the viewer's own state has no modification time.
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return with_headers(cache_private(not_modified), etag, None)
    response = _render(view, request, args, kwargs, version)
    if response.status_code != 200:
        return response
    counters = _keep(version)
    if isinstance(response, HttpResponse) and (counters == DOWN or response.has_header("ETag")):
        return hashed(request, response, personal=True, options=options)
    not_modified = get_conditional_response(request, etag=etag)
    return with_headers(cache_private(not_modified or response), etag, None)


KEPT, LOST, DOWN = "kept", "lost", "down"


def _keep(version: Version) -> str:
    """After rendering a page that exists (junk addresses must create no counter): set
    the counters that were missing. KEPT: the version is current, the rendering may be
    stored under it. LOST: a write set one meanwhile (nothing to store). DOWN: the cache
    is unreachable, so versions mean nothing: the ETag is the body's hash."""
    if not version.fresh:
        return KEPT
    for key, token in version.fresh.items():
        cache.add(key, token, None)
    now = cache.get_many(list(version.fresh))
    if not now:
        return DOWN
    return KEPT if now == version.fresh else LOST


def _unstored(
    request: HttpRequest,
    view: View,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    personal: bool,
    options: PageOptions,
) -> HttpResponseBase:
    """Without a shared cache: render every time; the ETag is the body's hash."""
    response = _rendered(view(request, *args, **kwargs))
    if response.status_code != 200 or not isinstance(response, HttpResponse):
        return response
    return hashed(request, response, personal=personal, options=options)
