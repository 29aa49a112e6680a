"""Send now what is waiting: outbox e-mail that is due, and follow-up e-mail never queued.

`manage.py worker` does this by itself (every sweep); the command is for a site without a
worker running, or for an operator who just fixed the mail server and will not wait.
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from conference.outbox import mail_requeue_stale
from talks.followups.tasks import MAX_ATTEMPTS, retry


class Command(BaseCommand):
    help = "Send due outbox e-mail now and queue follow-up e-mail that was never queued."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help=f"Skip follow-ups queued this many times already (default {MAX_ATTEMPTS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = retry(max_attempts=options["max_attempts"])
        due = mail_requeue_stale(grace=timedelta(0))
        self.stdout.write(
            ngettext("Queued %(n)d follow-up", "Queued %(n)d follow-ups", counts["followups"])
            % {"n": counts["followups"]}
            + ngettext(" and %(n)d reply; ", " and %(n)d replies; ", counts["replies"])
            % {"n": counts["replies"]}
            + ngettext(
                "%(n)d due e-mail sent to the worker.", "%(n)d due e-mails sent to the worker.", due
            )
            % {"n": due}
        )
