"""What /readyz reports: can this server do its work right now?

- database: a query answers;
- cache: a value written can be read back (a Redis outage degrades pages, so it is
  reported but does not make the server unready);
- queue: tasks that are due and waiting (depth) and how long the oldest has waited; more
  than READINESS_MAX_TASK_AGE seconds means no worker is keeping up;
- outbox: e-mail and webhook deliveries that gave up (for monitoring; not unready).
"""

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Min
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from conference.models import OutgoingMail


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache() -> bool:
    key = "hallway:readiness"
    token = str(time.monotonic())
    cache.set(key, token, 10)
    return cache.get(key) == token


def _queue() -> dict[str, Any]:
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return {"backend": type(backend).__name__, "depth": 0, "oldest_seconds": 0}
    now = timezone.now()
    due = DBTaskResult.objects.ready()  # run_after is "never deferred" or in the past
    oldest = due.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "backend": "DatabaseBackend",
        "depth": due.count(),
        "oldest_seconds": int((now - oldest).total_seconds()) if oldest else 0,
    }


def readiness_report() -> dict[str, Any]:
    database = _database()
    report: dict[str, Any] = {"database": database, "cache": _cache()}
    if not database:
        report["ready"] = False
        return report
    queue = _queue()
    report["queue"] = queue
    report["mail_given_up"] = OutgoingMail.objects.filter(status=OutgoingMail.Status.DEAD).count()
    report["ready"] = queue["oldest_seconds"] <= settings.READINESS_MAX_TASK_AGE
    return report
