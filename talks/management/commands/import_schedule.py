from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from conference.models import Conference
from talks.interchange.imports import ImportFailed, parse_schedule_file, schedule_import


class Command(BaseCommand):
    help = (
        "Import a frab schedule.xml (frab, pretalx, wafer, pentabarf) or schedule.json into "
        "a conference, creating or updating it. Re-importing updates; talks gone from the "
        "file are cancelled. --dry-run reports every match and new record, writing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--conference", required=True, help="Slug of the conference.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--timezone",
            help="Time zone for files without one (pentabarf); default: the conference's, "
            "else UTC.",
        )
        parser.add_argument("--release", default="", help="Release under this version name.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["conference"]
        existing = Conference.objects.filter(slug=slug).first()
        default_tz = options["timezone"] or (existing.timezone if existing else "UTC")
        try:
            parsed = parse_schedule_file(options["path"], default_timezone=default_tz)
            report = schedule_import(
                parsed=parsed,
                conference_slug=slug,
                dry_run=options["dry_run"],
                release_version=options["release"],
            )
        except ImportFailed as error:
            raise CommandError(f"Nothing imported. {error}") from error
        for line in report.lines:
            self.stdout.write(str(line))
        self.stdout.write(self.style.SUCCESS(report.summary()))
