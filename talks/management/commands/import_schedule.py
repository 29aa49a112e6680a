from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from conference.models import Conference
from talks.interchange.imports import ImportFailed, parse_schedule_file, schedule_import


class Command(BaseCommand):
    help = (
        "Import a frab schedule.xml (frab, pretalx, wafer, pentabarf), a schedule.json or an "
        "iCalendar (.ics) file into a conference, creating it unpublished or updating it. "
        "Re-importing updates; talks gone from the file are cancelled. Talks that overlap "
        "in a room are imported and flagged as clashes (--strict refuses the file). "
        "--dry-run reports every match and new record, writing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--conference", required=True, help="Slug of the conference.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--timezone",
            help="IANA time zone for files that name none (pentabarf, iCalendar with "
            "floating times); default: the conference's, else the file's UTC offsets. "
            "Without any of these the file is refused, never guessed.",
        )
        parser.add_argument("--release", default="", help="Release under this version name.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the conference (new ones are not)."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Refuse the whole file when two talks overlap in one room.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["conference"]
        existing = Conference.objects.filter(slug=slug).first()
        timezone = options["timezone"] or (existing.timezone if existing else None)
        try:
            parsed = parse_schedule_file(options["path"], timezone=timezone)
            report = schedule_import(
                parsed=parsed,
                conference_slug=slug,
                dry_run=options["dry_run"],
                release_version=options["release"],
                strict=options["strict"],
                publish=options["publish"],
            )
        except ImportFailed as error:
            raise CommandError(f"Nothing imported. {error}") from error
        for line in report.lines:
            self.stdout.write(str(line))
        self.stdout.write(self.style.SUCCESS(report.summary()))
