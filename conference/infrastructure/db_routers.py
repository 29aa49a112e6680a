"""Send read-only traffic to a read replica, when one is configured.

Set REPLICA_DATABASE_URL and settings add a "replica" database alias and this router.
Reads go to the replica; writes, migrations and any read inside a transaction on the
primary go to "default", so a service that reads what it just wrote (in its atomic
block) never sees the replica's lag. So does anything inside ``reads_from_primary()``:
the page cache renders there for a few seconds after a write to what the page shows
(PAGE_CACHE_SETTLE_SECONDS), so that it never stores a rendering of the replica's
older rows under the write's new version.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

_primary_reads: ContextVar[bool] = ContextVar("hallway_primary_reads", default=False)


@contextmanager
def reads_from_primary() -> Iterator[None]:
    token = _primary_reads.set(True)
    try:
        yield
    finally:
        _primary_reads.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if REPLICA not in settings.DATABASES:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block or _primary_reads.get():
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
