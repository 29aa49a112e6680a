"""Imports of schedules (frab XML, frab/pretalx JSON) and the pyvideo catalogue.

Lenient in: what can be understood is stored and every skipped element is reported.
Safe: size limits, XML without DTDs or entities, one transaction per conference.
"""

from pathlib import Path

from talks.interchange.imports.frab_json import parse_schedule_json
from talks.interchange.imports.frab_xml import parse_schedule_xml
from talks.interchange.imports.ical import parse_ical
from talks.interchange.imports.parsed import ParsedSchedule
from talks.interchange.imports.report import ImportFailed, ImportReport
from talks.interchange.imports.writer import schedule_import

MAX_FILE_BYTES = 30 * 1024 * 1024

__all__ = [
    "ImportFailed",
    "ImportReport",
    "parse_schedule_file",
    "read_limited",
    "schedule_import",
]


def read_limited(path: Path, limit: int | None = None) -> bytes:
    limit = limit or MAX_FILE_BYTES
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFailed(str(path), f"cannot read the file ({error.strerror})") from error
    if size > limit:
        raise ImportFailed(str(path), f"{size} bytes is over the {limit}-byte limit")
    return path.read_bytes()


def parse_schedule_file(path: Path, *, timezone: str | None = None) -> ParsedSchedule:
    """Read a frab schedule.xml or schedule.json (told apart by their first byte), or an
    iCalendar file; timezone for files that name none (see the parsers)."""
    data = read_limited(path)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return parse_schedule_json(data, timezone=timezone)
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return parse_ical(data, timezone=timezone)
    return parse_schedule_xml(data, timezone=timezone)
