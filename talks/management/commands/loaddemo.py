from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils.translation import ngettext

from talks.demo import DEMO_PASSWORD, SIZES, load_accounts, load_generated, load_story


class Command(BaseCommand):
    help = (
        "Load PyTennessee 2015, the conference of Hallway's story: its frab schedule "
        "(talks/demo/pytennessee-2015.json) through the schedule importer, released as 1.0. "
        "Loading again changes nothing. "
        "--size large adds a generated FOSDEM-scale conference; --size catalogue a "
        "pyvideo-sized catalogue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=["story", *SIZES], default="story")
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument(
            "--accounts",
            action="store_true",
            help=f"Also create demo accounts with the password {DEMO_PASSWORD!r} (local use).",
        )

    def handle(self, *args: Any, size: str, seed: int, accounts: bool, **options: Any) -> None:
        conference = load_story()
        self.stdout.write(f"Loaded {conference} ({conference.talks.count()} talks).")
        if accounts:
            for username, role in load_accounts(conference):
                self.stdout.write(f"  account {username!r} ({role}), password {DEMO_PASSWORD!r}")
        if size != "story":
            generated = load_generated(size=size, seed=seed)
            talks = sum(c.talks.count() for c in generated)
            conferences = ngettext("%(n)d conference", "%(n)d conferences", len(generated))
            self.stdout.write(
                f"Generated {conferences % {'n': len(generated)}}, {talks} talks ({size})."
            )
            if connection.vendor == "postgresql":
                # Fresh statistics for the planner: autovacuum gets there, but until then
                # it plans for empty tables (search then computes every talk's vector).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
