"""One frab event (from XML or JSON, as a dict of raw values) → a ParsedEvent."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from talks.interchange.conventions import talk_slug_from_event_slug
from talks.interchange.imports.parsed import (
    ParsedEvent,
    ParsedSchedule,
    kind_from_type,
    link_from_raw,
    parse_clock,
    parse_duration,
    parse_guid,
    parse_moment,
    person_from_raw,
    room_from_name,
    text,
)
from talks.interchange.imports.report import ImportFailed, ImportReport

# Beyond this a file is not a conference schedule (and would strain one transaction).
MAX_EVENTS = 20_000


@dataclass
class DayContext:
    """What a <day> tells its events: the date and, in newer files, its UTC bounds."""

    date: dt.date | None
    start: dt.datetime | None
    tz: zoneinfo.ZoneInfo
    day_change: dt.time | None


def _event_start(raw: dict[str, Any], element: str, day: DayContext) -> dt.datetime:
    if raw.get("date") not in (None, ""):
        # frab, pretalx and wafer give the full moment; wafer gives it in UTC while
        # <start> is local, so the moment is the truth.
        return parse_moment(raw["date"], element, "date")
    if day.date is None:
        raise ImportFailed(element, "neither <date> nor a <day date=…> to place the event")
    clock = parse_clock(raw.get("start"), element)
    moment = dt.datetime.combine(day.date, clock, tzinfo=day.tz)
    after_midnight = (day.start is not None and moment < day.start) or (
        day.start is None and day.day_change is not None and clock < day.day_change
    )
    if after_midnight:
        moment = dt.datetime.combine(day.date + dt.timedelta(days=1), clock, tzinfo=day.tz)
    return moment


def add_event(
    schedule: ParsedSchedule, raw: dict[str, Any], element: str, room: str, day: DayContext
) -> None:
    if len(schedule.events) >= MAX_EVENTS:
        raise ImportFailed(element, f"more than {MAX_EVENTS} events in one file")
    report = schedule.report
    guid = parse_guid(raw.get("guid"), element)
    source_id = raw.get("id")
    if source_id is not None and not isinstance(source_id, (str, int)):
        raise ImportFailed(element, f"id must be a number or text, not {type(source_id).__name__}")
    title = text(raw.get("title"), element, "title", required=True)
    start = _event_start(raw, element, day)
    duration = parse_duration(raw.get("duration"), element)
    room_name = text(raw.get("room"), element, "room") or room
    if not room_name:
        raise ImportFailed(element, "<room> is missing")
    slug = text(raw.get("slug"), element, "slug")
    key = f"id:{source_id}" if source_id not in (None, "") else f"slug:{slug or title}"
    event = ParsedEvent(
        element=element,
        uuid=guid,
        key=key,
        title=title[:300],
        slug=talk_slug_from_event_slug(schedule.acronym, slug) if slug else "",
        kind=kind_from_type(text(raw.get("type"), element, "type")),
        room=room_from_name(room_name),
        track=text(raw.get("track"), element, "track")[:100],
        language=text(raw.get("language"), element, "language")[:10],
        abstract=text(raw.get("abstract"), element, "abstract"),
        description=text(raw.get("description"), element, "description"),
        duration=duration,
    )
    subtitle = text(raw.get("subtitle"), element, "subtitle")
    if subtitle:
        event.abstract = f"*{subtitle}*\n\n{event.abstract}".strip()
    if duration > dt.timedelta(0):
        event.start, event.end = start, start + duration
    else:
        report.skip(element, f"duration {raw.get('duration')!r}: talk kept without a slot")
    _add_persons_and_links(event, raw, element, report)
    for ignored in ("answers", "recording", "feedback_url", "logo", "do_not_record"):
        if raw.get(ignored) not in (None, "", [], False):
            report.skip(element, f"<{ignored}> has no place in Hallway's catalogue")
    schedule.events.append(event)


def _add_persons_and_links(
    event: ParsedEvent, raw: dict[str, Any], element: str, report: ImportReport
) -> None:
    """The event's speakers and links; a malformed one is skipped and reported."""
    persons = raw.get("persons") or []
    if not isinstance(persons, list):
        raise ImportFailed(element, "<persons> must be a list")
    for raw_person in persons:
        if not isinstance(raw_person, dict):
            report.skip(element, f"person {raw_person!r} is not an object")
            continue
        person = person_from_raw(raw_person, element, report)
        if person is not None:
            event.persons.append(person)
    for field in ("links", "attachments"):
        raw_links = raw.get(field) or []
        if not isinstance(raw_links, list):
            report.skip(element, f"<{field}> is not a list")
            continue
        for raw_link in raw_links:
            link = link_from_raw(raw_link, element, report) if isinstance(raw_link, dict) else None
            if link is not None:
                event.links.append(link)
