from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify
from django.utils.translation import ngettext

from talks.interchange.imports import ImportFailed, schedule_import
from talks.interchange.imports.pyvideo import event_folders, parse_pyvideo_event


class Command(BaseCommand):
    help = (
        "Import a pyvideo.org event folder (category.json + videos/) or a whole pyvideo "
        "data tree: one conference per event folder, each in its own transaction. "
        "Speakers are matched across events by name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the conferences (new ones are not)."
        )
        parser.add_argument("--quiet-report", action="store_true", help="Print summaries only.")

    def handle(self, *args: Any, path: Path, dry_run: bool, **options: Any) -> None:
        failures: list[str] = []
        try:
            folders = list(event_folders(path))
        except ImportFailed as error:
            raise CommandError(f"Nothing imported. {error}") from error
        if not folders:
            raise CommandError(f"Nothing imported. {path}: no folder with a category.json")
        for folder in folders:
            slug = slugify(folder.name)[:100]
            try:
                parsed = parse_pyvideo_event(folder)
                report = schedule_import(
                    parsed=parsed,
                    conference_slug=slug,
                    dry_run=dry_run,
                    publish=options["publish"],
                )
            except ImportFailed as error:
                failures.append(f"{folder.name}: {error}")
                self.stderr.write(f"{folder.name}: nothing imported. {error}")
                continue
            if not options["quiet_report"]:
                for line in report.lines:
                    self.stdout.write(str(line))
            self.stdout.write(self.style.SUCCESS(f"{slug}: {report.summary()}"))
        if failures:
            raise CommandError(
                ngettext(
                    "%(n)d of %(all)d event not imported: ",
                    "%(n)d of %(all)d events not imported: ",
                    len(folders),
                )
                % {"n": len(failures), "all": len(folders)}
                + "; ".join(failures)
            )
