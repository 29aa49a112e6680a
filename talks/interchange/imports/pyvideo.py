"""Read pyvideo.org's catalogue (github.com/pyvideo/data): an event folder holds
category.json and videos/<slug>.json. Each event becomes a conference (slug: the folder
name) whose talks carry their videos and related links, without times or rooms.

Speakers there are plain names, so people are matched across events by name.
"""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from talks.interchange.imports.events import refuse_if_empty
from talks.interchange.imports.parsed import (
    ParsedEvent,
    ParsedLink,
    ParsedPerson,
    ParsedSchedule,
    link_from_raw,
    text,
)
from talks.interchange.imports.report import ImportFailed, ImportReport
from talks.models import Resource

MAX_VIDEO_FILE_BYTES = 1024 * 1024
MAX_VIDEOS_PER_EVENT = 5_000
# pyvideo uses ISO 639-3; Hallway's talks carry the short codes that schedules use.
LANGUAGES = {
    "eng": "en",
    "spa": "es",
    "por": "pt",
    "fra": "fr",
    "deu": "de",
    "ita": "it",
    "jpn": "ja",
    "rus": "ru",
    "zho": "zh",
    "pol": "pl",
    "kor": "ko",
    "nld": "nl",
    "ces": "cs",
    "ukr": "uk",
}
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
SLIDE_HOSTS = ("speakerdeck.com", "slideshare.net", "slides.com", "docs.google.com/presentation")


def event_folders(path: Path) -> Iterator[Path]:
    """The event folder itself, or every event folder of a data tree, in name order."""
    if (path / "category.json").is_file():
        yield path
        return
    if not path.is_dir():
        raise ImportFailed(str(path), "not a pyvideo event folder nor a folder of them")
    for child in sorted(path.iterdir()):
        if child.is_dir() and (child / "category.json").is_file():
            yield child


def _load(path: Path) -> Any:
    if path.stat().st_size > MAX_VIDEO_FILE_BYTES:
        raise ImportFailed(str(path), f"over the {MAX_VIDEO_FILE_BYTES}-byte limit")
    try:
        return json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailed(str(path), f"not valid JSON ({error})") from error


def _link_kind(url: str) -> str:
    if any(host in url for host in SLIDE_HOSTS) or "slide" in url.lower():
        return Resource.Kind.SLIDES
    if any(host in url for host in CODE_HOSTS):
        return Resource.Kind.CODE
    return Resource.Kind.OTHER


def parse_pyvideo_event(folder: Path) -> ParsedSchedule:
    category = _load(folder / "category.json")
    if not isinstance(category, dict):
        raise ImportFailed(f"{folder.name}/category.json", "must be an object")
    schedule = ParsedSchedule(
        title=text(category.get("title"), f"{folder.name}/category.json", "title", required=True)[
            :200
        ],
        has_schedule=False,
        # People are names there: "name@pyvideo.org" identifies them across events.
        source_host="pyvideo.org",
    )
    files = sorted((folder / "videos").glob("*.json")) if (folder / "videos").is_dir() else []
    if len(files) > MAX_VIDEOS_PER_EVENT:
        raise ImportFailed(folder.name, f"more than {MAX_VIDEOS_PER_EVENT} videos")
    dates: list[dt.date] = []
    for path in files:
        element = f"{folder.name}/videos/{path.name}"
        try:
            raw = _load(path)
            if not isinstance(raw, dict):
                raise ImportFailed(element, "must be an object")
            event = _event(raw, element, path.stem, schedule)
        except ImportFailed as error:
            # One bad record never refuses its event: the rest is imported.
            schedule.report.skip(element, f"{error.message}: video left out")
            continue
        recorded = raw.get("recorded")
        if isinstance(recorded, str) and recorded:
            try:
                dates.append(dt.date.fromisoformat(recorded[:10]))
            except ValueError:
                schedule.report.skip(element, f"recorded {recorded!r} is not a date")
        schedule.events.append(event)
    if dates:
        schedule.start_date, schedule.end_date = min(dates), max(dates)
    if files:
        refuse_if_empty(schedule, folder.name)
    return schedule


def _seconds(value: Any, element: str, report: ImportReport) -> int | None:
    """Whole seconds; a whole-number float (2223.0) is unambiguous, anything else is
    reported and the talk kept without a duration."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or value < 0:
        report.skip(element, f"duration {value!r} is not whole seconds: not kept")
        return None
    return value


def _event(raw: dict[str, Any], element: str, stem: str, schedule: ParsedSchedule) -> ParsedEvent:
    report = schedule.report
    language = text(raw.get("language"), element, "language")
    duration = _seconds(raw.get("duration"), element, report)
    event = ParsedEvent(
        element=element,
        uuid=None,
        key=f"pyvideo:{stem}",
        title=text(raw.get("title"), element, "title", required=True)[:300],
        slug=slugify(text(raw.get("slug"), element, "slug") or stem)[:110],
        abstract=text(raw.get("summary"), element, "summary"),
        description=text(raw.get("description"), element, "description"),
        language=LANGUAGES.get(language, language)[:10],
        duration=dt.timedelta(seconds=duration) if duration else None,
    )
    speakers = raw.get("speakers") or []
    if not isinstance(speakers, list):
        raise ImportFailed(element, "speakers must be a list of names")
    for name in speakers:
        if isinstance(name, str) and name.strip():
            event.persons.append(ParsedPerson(name=" ".join(name.split())[:200]))
        else:
            report.skip(element, f"speaker {name!r} is not a name")
    event.tags = [t for t in raw.get("tags") or [] if isinstance(t, str) and t.strip()]
    for video in raw.get("videos") or []:
        link = link_from_raw(video, element, report) if isinstance(video, dict) else None
        if link is not None:
            event.links.append(ParsedLink(url=link.url, title="Video", kind=Resource.Kind.VIDEO))
    for related in raw.get("related_urls") or []:
        raw_link = related if isinstance(related, dict) else {"url": related}
        title = raw_link.get("label") if isinstance(raw_link.get("label"), str) else ""
        link = link_from_raw({"url": raw_link.get("url"), "title": title}, element, report)
        if link is not None:
            link.kind = _link_kind(link.url)
            event.links.append(link)
    return event
