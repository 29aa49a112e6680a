"""Print README.md's "Who may do what" table, generated from the permission rules."""

from typing import Any

from django.core.management.base import BaseCommand

from talks.permission_table import permission_table


class Command(BaseCommand):
    help = "Print every permission × role as a Markdown table (for README.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(permission_table(), ending="")
