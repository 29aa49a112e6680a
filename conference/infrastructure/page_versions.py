"""Page versions: which scopes each written row belongs to, and their counters.

Every model a public page can show is registered with ``watch(model, rule)``, where
``rule(instance)`` names the *scopes* its rows belong to: ``conference_scope(slug)`` for
rows of one conference, ``CATALOGUE`` for rows that cross-conference pages (speakers,
tags, search) show, ``SITE`` for rows every page may show. The registrations live in one
module (talks/page_scopes.py). One signal handler (post_save, post_delete, m2m_changed)
bumps the version counters of the scopes of whatever was written; models nobody
registered (follow-ups, webhook deliveries, history rows, tokens) bump nothing. A page's
version is the counters of the scopes it names (conference/infrastructure/page_cache.py).

Counters live in the shared cache (Redis), so a write on one app server is seen by all;
each holds the time it was set (Last-Modified) and a random part, so a counter lost to
eviction starts afresh with a value no stored page was made under. Writes that send no
signals (bulk_create, QuerySet.update(), raw SQL) call ``pages_changed(conference=...)``
(or ``pages_changed()`` for every page).
"""

import datetime as dt
import hashlib
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from conference.infrastructure.caching import KEY_PREFIX

# Every page depends on SITE (rows such as the conference itself, whose slug or
# visibility changes what any of its pages is); CATALOGUE is what cross-conference
# pages show (speakers, tags, search, the API's catalogue).
SITE = "site"
CATALOGUE = "catalogue"

Rule = Callable[[Any], Iterable[str]]
# A page's scopes from its URL arguments (a cached view declares one).
Scopes = Callable[..., Iterable[str]]

_rules: dict[type[models.Model], Rule] = {}


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


def counter_key(scope: str) -> str:
    return f"{KEY_PREFIX}:pages:v:{scope}"


def _new_token() -> str:
    """A counter value: when it was set (for Last-Modified), and random (never reused)."""
    return f"{time.time():.6f}-{secrets.token_hex(4)}"


def _bump(scopes: Iterable[str]) -> None:
    token = _new_token()
    cache.set_many({counter_key(scope): token for scope in scopes}, None)


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
    found = cache.get_many([counter_key(scope) for scope in scopes])
    return {scope: found.get(counter_key(scope)) for scope in scopes}


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


def version_of(counter_keys: list[str], found: dict[str, Any], clock: int | None) -> Version:
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
