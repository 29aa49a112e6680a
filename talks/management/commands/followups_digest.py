"""Send the daily follow-up digest to speakers who chose one. Run once a day (cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from talks.followups.tasks import send_digests


class Command(BaseCommand):
    help = "E-mail each digest speaker the follow-ups that came in since their last digest."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(ngettext("Sent %(n)d digest.", "Sent %(n)d digests.", sent) % {"n": sent})
