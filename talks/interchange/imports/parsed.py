"""What a schedule source says, once read: the same shape whichever format it came in.

Parsers (frab_xml, frab_json, pyvideo) fill these; talks.interchange.imports.writer stores them.
Raw values are checked here, so every format gets the same rules and messages:
what defines a talk's place in the schedule (title, time, duration, guid) must be
right or the import stops naming the element; decorations (a person without a name,
a link that is not a URL) are skipped and reported.
"""

import datetime as dt
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from talks.interchange.conventions import ALL_ROOMS_NAME
from talks.interchange.imports.report import ImportFailed, ImportReport
from talks.models import Resource, Talk

_DURATION = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
_validate_url = URLValidator(schemes=["http", "https"])

KIND_WORDS = [
    ("keynote", Talk.Kind.KEYNOTE),
    ("lightning", Talk.Kind.LIGHTNING),
    ("workshop", Talk.Kind.WORKSHOP),
    ("tutorial", Talk.Kind.TUTORIAL),
    ("panel", Talk.Kind.PANEL),
    ("break", Talk.Kind.BREAK),
    ("lunch", Talk.Kind.BREAK),
    ("coffee", Talk.Kind.BREAK),
    ("social", Talk.Kind.SOCIAL),
    ("party", Talk.Kind.SOCIAL),
]
LINK_KINDS = {
    "slides": Resource.Kind.SLIDES,
    "paper": Resource.Kind.WRITEUP,
    "blog": Resource.Kind.WRITEUP,
    "article": Resource.Kind.WRITEUP,
    "media": Resource.Kind.VIDEO,
    "video": Resource.Kind.VIDEO,
    "code": Resource.Kind.CODE,
    "activitypub": Resource.Kind.SOCIAL,
}


@dataclass
class ParsedPerson:
    name: str
    guid: str = ""
    source_id: str = ""
    code: str = ""
    email: str = ""
    website: str = ""
    biography: str = ""


@dataclass
class ParsedLink:
    url: str
    title: str
    kind: str


@dataclass
class ParsedEvent:
    element: str
    uuid: uuid.UUID | None
    key: str  # stable key from the source when there is no guid
    title: str
    subtitle: str = ""
    slug: str = ""
    kind: str = Talk.Kind.TALK
    source_type: str = ""  # the file's own event type, kept beside kind
    do_not_record: bool = False
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room: str | None = None
    track: str = ""
    language: str = ""
    abstract: str = ""
    description: str = ""
    duration: dt.timedelta | None = None
    persons: list[ParsedPerson] = field(default_factory=list)
    links: list[ParsedLink] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class ParsedSchedule:
    title: str
    acronym: str = ""
    version: str = ""
    timezone: str = "UTC"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    day_change: dt.time | None = None  # the file's, else its first day's local start
    source_host: str = ""
    base_url: str = ""  # relative attachment URLs resolve against it
    website: str = ""
    has_schedule: bool = True  # False for pyvideo: talks and videos without times
    rooms: list[str] = field(default_factory=list)
    tracks: dict[str, str] = field(default_factory=dict)  # name -> colour ("" unknown)
    events: list[ParsedEvent] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def schedule_timezone(
    schedule: "ParsedSchedule",
    zone_name: str,
    given: str | None,
    offsets: set[dt.timedelta | None],
    element: str,
) -> None:
    """Set the schedule's zone: the file's, else the one given (--timezone or the
    conference's), else the one its UTC offsets show; refused rather than guessed."""
    if zone_name:
        schedule.timezone = timezone_or_fail(zone_name, element)
    elif given:
        schedule.timezone = timezone_or_fail(given, "--timezone")
        schedule.report.note(element, f"no time zone in the file: times read in {given}")
    else:
        name, note = zone_from_offsets({o for o in offsets if o is not None}, element)
        schedule.timezone = name
        schedule.report.note(element, note)


def timezone_or_fail(name: str, element: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ImportFailed(element, f"unknown time zone {name!r} (use an IANA name)") from error
    return name


def zone_from_offsets(offsets: set[dt.timedelta], element: str) -> tuple[str, str]:
    """The zone that matches a file's UTC offsets, and a note saying so; refused (asking
    for --timezone) when the file gives no offset or several (a guess would shift talks)."""
    if not offsets:
        raise ImportFailed(
            element,
            "no time zone and no UTC offsets in the file: give --timezone with the "
            "conference's IANA zone (e.g. --timezone Europe/Brussels)",
        )
    if len(offsets) > 1:
        shown = ", ".join(sorted(_offset_text(o) for o in offsets))
        raise ImportFailed(
            element,
            f"no time zone, and the file's UTC offsets differ ({shown}): give --timezone "
            "with the conference's IANA zone",
        )
    (offset,) = offsets
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest:
        raise ImportFailed(
            element,
            f"no time zone, and no whole-hour zone has offset {_offset_text(offset)}: "
            "give --timezone with the conference's IANA zone",
        )
    # IANA's Etc/GMT zones count the other way round: Etc/GMT-1 is UTC+01:00.
    name = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    note = (
        f"no time zone: every time carries offset {_offset_text(offset)}, read as {name} "
        "(give --timezone to name the place's zone)"
    )
    return name, note


def _offset_text(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def offset_of(raw: Any) -> dt.timedelta | None:
    """The UTC offset an ISO date-time text carries, if any (scanning before parsing)."""
    if not isinstance(raw, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return moment.utcoffset()


def text(value: Any, element: str, name: str, *, required: bool = False) -> str:
    """A text field; a number or list where text belongs is an error naming the field."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ImportFailed(element, f"<{name}> must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise ImportFailed(element, f"<{name}> is missing or empty")
    return value


def parse_duration(value: Any, element: str) -> dt.timedelta:
    raw = text(value, element, "duration", required=True)
    match = _DURATION.match(raw)
    if not match:
        raise ImportFailed(element, f"<duration> {raw!r} is not HH:MM")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_clock(value: Any, element: str) -> dt.time:
    raw = text(value, element, "start", required=True)
    match = _CLOCK.match(raw)
    if not match:
        raise ImportFailed(element, f"<start> {raw!r} is not a time of day (HH:MM)")
    return dt.time(int(match[1]), int(match[2]))


def parse_moment(value: Any, element: str, name: str) -> dt.datetime:
    raw = text(value, element, name, required=True)
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError as error:
        raise ImportFailed(element, f"<{name}> {raw!r} is not a date and time") from error
    if moment.tzinfo is None:
        raise ImportFailed(element, f"<{name}> {raw!r} has no UTC offset")
    return moment


def parse_date(value: Any, element: str, name: str) -> dt.date:
    raw = text(value, element, name, required=True)
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError as error:
        raise ImportFailed(element, f"<{name}> {raw!r} is not a date (YYYY-MM-DD)") from error


def parse_guid(value: Any, element: str) -> uuid.UUID | None:
    raw = text(value, element, "guid")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as error:
        raise ImportFailed(element, f"guid {raw!r} is not a UUID") from error


def kind_from_type(value: str) -> str:
    lowered = value.lower()
    if lowered in Talk.Kind.values:
        return lowered
    for word, kind in KIND_WORDS:
        if word in lowered:
            return kind
    return Talk.Kind.TALK


def room_from_name(name: str) -> str | None:
    return None if name == ALL_ROOMS_NAME else name


def person_from_raw(raw: dict[str, Any], element: str, report: ImportReport) -> ParsedPerson | None:
    name = raw.get("name") or raw.get("public_name") or ""
    if not isinstance(name, str) or not name.strip():
        report.skip(element, "a person without a name")
        return None
    person = ParsedPerson(name=" ".join(name.split())[:200])
    guid = raw.get("guid")
    if isinstance(guid, str) and guid:
        try:
            person.guid = str(uuid.UUID(guid))
        except ValueError:
            report.skip(element, f"person guid {guid!r} is not a UUID; matched by name")
    if raw.get("id") not in (None, ""):
        person.source_id = str(raw["id"])
    if isinstance(raw.get("code"), str):
        person.code = raw["code"]
    biography = raw.get("biography")
    person.biography = biography.strip() if isinstance(biography, str) else ""
    email = raw.get("email")
    if isinstance(email, str) and email:
        try:
            validate_email(email)
            person.email = email
        except ValidationError:
            report.skip(element, f"person e-mail of {person.name!r} is not an e-mail address")
    website = raw.get("url")
    if isinstance(website, str) and website:
        try:
            if len(website) > 200:
                raise ValidationError("too long")
            _validate_url(website)
            person.website = website
        except ValidationError:
            report.skip(element, f"person link {website!r} is not an http(s) URL")
    return person


def link_from_raw(
    raw: dict[str, Any], element: str, report: ImportReport, *, base_url: str = ""
) -> ParsedLink | None:
    """A link or attachment: trimmed, resolved against the file's base_url when relative."""
    url = raw.get("url") or raw.get("href") or ""
    if isinstance(url, str):
        url = url.strip()
        if url and base_url and not urlsplit(url).scheme:
            url = urljoin(base_url if base_url.endswith("/") else f"{base_url}/", url)
    try:
        if not isinstance(url, str):
            raise ValidationError("not text")
        _validate_url(url)
    except ValidationError:
        report.skip(element, f"link {url!r} is not an http(s) URL: not kept")
        return None
    if len(url) > 500:
        report.skip(element, "link longer than 500 characters: not kept")
        return None
    title = raw.get("title") if isinstance(raw.get("title"), str) else ""
    kind_word = str(raw.get("type") or "").lower()
    kind = LINK_KINDS.get(kind_word, Resource.Kind.OTHER)
    return ParsedLink(url=url, title=(title or "").strip()[:300], kind=kind)
