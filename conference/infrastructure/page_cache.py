"""The page cache: stored renderings and conditional GET that cannot go stale.

What a page depends on is declared once, next to the data, never per page:

- Every model a public page can show is registered with ``watch(model, rule)``, where
  ``rule(instance)`` names the *scopes* its rows belong to: ``conference_scope(slug)``
  for rows of one conference, ``CATALOGUE`` for rows that cross-conference pages
  (speakers, tags, search) show, ``SITE`` for rows every page may show. The
  registrations live in one module (talks/page_scopes.py). One signal handler
  (post_save, post_delete, m2m_changed) bumps the version counters of the scopes of
  whatever was written; models nobody registered (follow-ups, webhook deliveries,
  history rows, tokens) bump nothing.
- Each cached view names the scopes of what it shows, from its URL alone:
  ``@cached_page(conference_pages, params=("preview", "tz"))``. Its version is the
  counters of those scopes (and of SITE), read with one ``cache.get_many`` together
  with the stored rendering. A template that shows one more field of a registered model
  needs no second edit: the field's row already bumps the page's scopes.

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

Counters live in the shared cache (Redis), so a write on one app server is seen by all;
each holds the time it was set (Last-Modified) and a random part, so a counter lost to
eviction starts afresh with a value no stored page was made under. For
PAGE_CACHE_SETTLE_SECONDS after a write, pages render from the primary database, not a
lagging read replica. With a per-process cache (PAGE_CACHE_TRUST_INVALIDATION off)
nothing is stored and the ETag is a hash of the rendered body; so too when the cache is
unreachable (conference/infrastructure/cache_backends.py): pages are rendered uncached, never a 500.

Writes that send no signals (bulk_create, QuerySet.update(), raw SQL) call
``pages_changed(conference=...)`` (or ``pages_changed()`` for every page).
"""

import datetime as dt
import gzip
import hashlib
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string
from django.utils.translation import get_language

from conference.infrastructure.caching import KEY_PREFIX, cache_private, cache_public
from conference.infrastructure.db_routers import reads_from_primary

# Every page depends on SITE (rows such as the conference itself, whose slug or
# visibility changes what any of its pages is); CATALOGUE is what cross-conference
# pages show (speakers, tags, search, the API's catalogue).
SITE = "site"
CATALOGUE = "catalogue"
MIN_GZIP_BYTES = 200  # as GZipMiddleware: shorter bodies are not worth compressing

View = Callable[..., HttpResponseBase]
Rule = Callable[[Any], Iterable[str]]
Scopes = Callable[..., Iterable[str]]

_rules: dict[type[models.Model], Rule] = {}
_pages: dict[str, "PageOptions"] = {}


def conference_scope(slug: str) -> str:
    return f"conference:{slug}"


# Registry: which scopes a written row belongs to.


def watch(model: type[models.Model], rule: Rule) -> None:
    """Declare that pages show ``model``'s rows; ``rule(row)`` names the row's scopes."""
    _rules[model] = rule


def watched_models() -> list[type[models.Model]]:
    return list(_rules)


def scopes_of(instance: models.Model) -> set[str]:
    rule = _rules.get(instance._meta.concrete_model or type(instance))
    if rule is None:
        return set()
    try:
        return set(rule(instance))
    except ObjectDoesNotExist:
        # A parent row already deleted (cascades): we cannot tell which pages, so all.
        return {SITE}


def _counter_key(scope: str) -> str:
    return f"{KEY_PREFIX}:pages:v:{scope}"


def _new_token() -> str:
    """A counter value: when it was set (for Last-Modified), and random (never reused)."""
    return f"{time.time():.6f}-{secrets.token_hex(4)}"


def _bump(scopes: Iterable[str]) -> None:
    token = _new_token()
    cache.set_many({_counter_key(scope): token for scope in scopes}, None)


def pages_changed(*scopes: str, conference: Any = None) -> None:
    """Give the pages of these scopes a new version on every app server.

    ``conference`` (a Conference or its slug): that conference's pages and the
    catalogue's. Without arguments: every page. For writes that send no model signals.
    """
    names = set(scopes)
    if conference is not None:
        names |= {conference_scope(getattr(conference, "slug", conference)), CATALOGUE}
    _bump(names or {SITE})


def scope_versions(*scopes: str) -> dict[str, Any]:
    """Each scope's current counter (None: never set), for diagnostics and tests."""
    found = cache.get_many([_counter_key(scope) for scope in scopes])
    return {scope: found.get(_counter_key(scope)) for scope in scopes}


def _changed(scopes: set[str], using: str | None) -> None:
    if not scopes:
        return
    # Now, and again after commit: a page rendered from the old rows while the
    # transaction was open must not be stored under the new version.
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes), using=using)


def _on_write(sender: Any, instance: Any, **kwargs: Any) -> None:
    _changed(scopes_of(instance), kwargs.get("using"))


def _on_m2m(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    # A link belongs to the side that declares the field (a talk's tags): the pages of
    # that side's rows, whichever side the change was made from.
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        scopes = scopes_of(instance)
    elif action == "pre_clear":
        scopes = {SITE}  # which rows are linked is not passed; clearing is rare
    else:
        scopes = set()
        for owner in model._default_manager.filter(pk__in=pk_set or ()):
            scopes |= scopes_of(owner)
    _changed(scopes, kwargs.get("using"))


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="hallway-pages-changed-save")
    post_delete.connect(_on_write, dispatch_uid="hallway-pages-changed-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="hallway-pages-changed-m2m")


# Versions: the counters of a page's scopes.


@dataclass(frozen=True)
class Version:
    token: str
    last_modified: dt.datetime | None
    # When the newest counter was set (a write, or now for a missing counter).
    newest: float
    # Counters that were missing (never set, evicted, the cache down), with new values.
    fresh: dict[str, str]

    def etag(self, *extra: Any) -> str:
        text = "\n".join([self.token, *(str(e) for e in extra)])
        return '"' + hashlib.blake2b(text.encode(), digest_size=12).hexdigest() + '"'


def _version(counter_keys: list[str], found: dict[str, Any], clock: int | None) -> Version:
    fresh = {key: _new_token() for key in counter_keys if not isinstance(found.get(key), str)}
    tokens = [fresh.get(key) or found[key] for key in counter_keys]
    moments = [float(token.split("-")[0]) for token in tokens]
    newest = max(moments)
    if clock:
        tick = int(time.time() // clock)
        tokens.append(f"tick:{tick}")
        moments.append(float(tick * clock))
    return Version(
        token="|".join(tokens),
        last_modified=dt.datetime.fromtimestamp(int(max(moments)), dt.UTC),
        newest=newest,
        fresh=fresh,
    )


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


# Stored pages and responses.


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


def _respond(request: HttpRequest, page: StoredPage, options: PageOptions) -> HttpResponseBase:
    modified = int(page.last_modified.timestamp()) if page.last_modified else None
    not_modified = get_conditional_response(request, etag=page.etag, last_modified=modified)
    if not_modified is not None:
        return _headers(cache_public(not_modified, options.max_age), page.etag, page.last_modified)
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    send_gzipped = page.gzipped and re_accepts_gzip.search(accepted) is not None
    body = page.body if send_gzipped or not page.gzipped else gzip.decompress(page.body)
    response = HttpResponse(body)
    for header, value in page.headers:
        response.headers[header] = value
    patch_vary_headers(response, ["Accept-Encoding"])
    _headers(cache_public(response, options.max_age), page.etag, page.last_modified)
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
    counter_keys = [_counter_key(name) for name in names]
    found = cache.get_many([*counter_keys, *also])
    return _version(counter_keys, found, options.clock), found


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
        return _respond(request, stored, options)

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
        return _hashed(request, response, personal=False, options=options)
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if isinstance(response, HttpResponse) and _shareable(request, response):
        if counters == KEPT:
            page = StoredPage(
                version=version.token,
                variant=variant,
                etag=etag,
                last_modified=version.last_modified,
                **_compressed(response.content),
                headers=_stored_headers(response),
            )
            cache.set(key, page, settings.PAGE_CACHE_TIMEOUT)
        return _headers(
            cache_public(not_modified or response, options.max_age), etag, version.last_modified
        )
    # It set a cookie or holds a CSRF token: for this visitor only.
    return _headers(cache_private(not_modified or response), etag, version.last_modified)


def _viewer_state(request: HttpRequest) -> str:
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
    etag = version.etag(options.namespace, language, variant, _viewer_state(request))
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
            return _headers(cache_private(not_modified), etag, None)
    response = _render(view, request, args, kwargs, version)
    if response.status_code != 200:
        return response
    counters = _keep(version)
    if isinstance(response, HttpResponse) and (counters == DOWN or response.has_header("ETag")):
        return _hashed(request, response, personal=True, options=options)
    not_modified = get_conditional_response(request, etag=etag)
    return _headers(cache_private(not_modified or response), etag, None)


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
    return _hashed(request, response, personal=personal, options=options)


def _hashed(
    request: HttpRequest, response: HttpResponse, *, personal: bool, options: PageOptions
) -> HttpResponseBase:
    """The response with its body's hash as ETag (unless the view set its own)."""
    if response.streaming:
        return response
    if not response.has_header("ETag"):
        digest = hashlib.blake2b(response.content, digest_size=12)
        digest.update(options.namespace.encode())
        if personal:
            digest.update(_viewer_state(request).encode())
        response["ETag"] = f'"{digest.hexdigest()}"'
    return _own_etag(request, response, personal=personal, options=options)


def _own_etag(
    request: HttpRequest, response: HttpResponse, *, personal: bool, options: PageOptions
) -> HttpResponseBase:
    """A view that sets its own ETag (a slot's, which writes check with If-Match) keeps
    it: the response is not stored, and If-None-Match is answered against that ETag."""
    etag = response["ETag"]
    shared = not personal and _shareable(request, response)
    not_modified = get_conditional_response(request, etag=etag, response=response)
    result: HttpResponseBase = response
    if not_modified is not None and not_modified.status_code == 304:
        result = not_modified
    if shared:
        return _headers(cache_public(result, options.max_age), etag, None)
    return _headers(cache_private(result), etag, None)
