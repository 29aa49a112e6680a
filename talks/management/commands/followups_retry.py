"""Resend follow-up e-mail that failed: receipts, speaker notices and replies.

Run it from cron (every few minutes) or schedule the `retry_undelivered` task.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from talks.followups.tasks import MAX_ATTEMPTS, retry


class Command(BaseCommand):
    help = "Resend follow-up receipts, speaker notifications and replies that did not go out."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help=f"Give up on a message after this many attempts (default {MAX_ATTEMPTS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = retry(max_attempts=options["max_attempts"])
        self.stdout.write(
            ngettext("Delivered %(n)d follow-up", "Delivered %(n)d follow-ups", counts["followups"])
            % {"n": counts["followups"]}
            + ngettext(" and %(n)d reply.", " and %(n)d replies.", counts["replies"])
            % {"n": counts["replies"]}
        )
