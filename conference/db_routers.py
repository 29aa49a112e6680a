"""Send read-only traffic to a read replica, when one is configured.

Set REPLICA_DATABASE_URL and settings add a "replica" database alias and this router.
Reads go to the replica; writes, migrations and any read inside a transaction on the
primary go to "default", so a service that reads what it just wrote (in its atomic
block) never sees the replica's lag. Pages read right after a write in another request
may lag by the replication delay; the page cache keys on what the read returns, so it
catches up on the next request.
"""

from typing import Any

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


class PrimaryReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if REPLICA not in settings.DATABASES:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
