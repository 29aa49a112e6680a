"""The background worker: runs queued tasks (e-mail, webhooks) and the periodic sweep.

Run it beside gunicorn (README: Background work; docs/deploy/ has a Procfile and systemd
units). It drains the database task queue (django-tasks-db's worker loop) in batches and,
between batches and at least every --sweep seconds, sweeps: pending e-mail and webhook
deliveries whose task was lost (a worker killed mid-task) are enqueued again, and
follow-up e-mail that an older version never queued is queued.

SIGTERM or SIGINT stops it gracefully: the task that is running finishes first (a second
signal stops it at once; the sweep then re-runs what it left half done).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.tasks import task_backends
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from conference.outbox import mail_requeue_stale
from talks.followups.tasks import retry as followups_queue_unqueued
from talks.interchange.webhooks import webhook_requeue_stale


def sweep() -> dict[str, int]:
    """Put back into the queue whatever a killed worker or a lost enqueue left behind."""
    followups = followups_queue_unqueued()
    return {
        "mail": mail_requeue_stale(),
        "webhooks": webhook_requeue_stale(),
        "followups": followups["followups"] + followups["replies"],
    }


class Command(BaseCommand):
    help = "Run background tasks and the periodic sweep until SIGTERM (graceful)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Idle poll (s).")
        parser.add_argument("--sweep", type=float, default=30.0, help="Sweep every (s).")
        parser.add_argument(
            "--batch-size", type=int, default=100, help="Tasks between two sweeps at most."
        )
        parser.add_argument(
            "--once", action="store_true", help="Sweep, run what is due, and exit (cron, tests)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "TASKS_BACKEND runs tasks in the web process; set it to "
                "django_tasks_db.DatabaseBackend to use a worker."
            )
        worker_id = get_random_string(32)
        last_sweep = 0.0
        while True:
            if time.monotonic() - last_sweep >= options["sweep"]:
                counts = sweep()
                last_sweep = time.monotonic()
                if any(counts.values()):
                    self.stdout.write(f"Swept: {counts}")
            worker = Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=options["batch_size"],
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            worker.configure_signals()
            worker.run()
            if not worker.running or options["once"]:
                return
            time.sleep(options["interval"])
