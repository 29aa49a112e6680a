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
from talks.interchange.imports.report import ImportFailed

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
    """Add the event, or skip it and say why: one bad record never refuses the file."""
    if len(schedule.events) >= MAX_EVENTS:
        raise ImportFailed(element, f"more than {MAX_EVENTS} events in one file")
    try:
        event = _event(schedule, raw, element, room, day)
    except ImportFailed as error:
        schedule.report.skip(element, f"{error.message}: event left out")
        return
    schedule.events.append(event)


def refuse_if_empty(schedule: ParsedSchedule, where: str) -> None:
    """A file whose every event was left out is refused, naming the first reason."""
    if schedule.events:
        return
    skipped = schedule.report.of("skipped")
    first = f" (first left out: {skipped[0].element}: {skipped[0].message})" if skipped else ""
    raise ImportFailed(where, f"no event that could be imported{first}")


def _event(
    schedule: ParsedSchedule, raw: dict[str, Any], element: str, room: str, day: DayContext
) -> ParsedEvent:
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
    source_type = text(raw.get("type"), element, "type")
    event = ParsedEvent(
        element=element,
        uuid=guid,
        key=key,
        title=title[:300],
        subtitle=text(raw.get("subtitle"), element, "subtitle")[:300],
        slug=talk_slug_from_event_slug(schedule.acronym, slug) if slug else "",
        kind=kind_from_type(source_type),
        source_type=source_type[:100],
        room=room_from_name(room_name),
        track=text(raw.get("track"), element, "track")[:100],
        language=text(raw.get("language"), element, "language")[:10],
        abstract=text(raw.get("abstract"), element, "abstract"),
        description=text(raw.get("description"), element, "description"),
        duration=duration,
        do_not_record=_opted_out(raw),
    )
    _check_end(raw, element, start, duration)
    if duration > dt.timedelta(0):
        event.start, event.end = start, start + duration
    else:
        report.skip(element, f"duration {raw.get('duration')!r}: talk kept without a slot")
    _add_persons_and_links(event, raw, element, schedule)
    for ignored in ("answers", "feedback_url", "logo"):
        if raw.get(ignored) not in (None, "", [], False):
            report.skip(element, f"<{ignored}> has no place in Hallway's catalogue")
    recording = raw.get("recording")
    if isinstance(recording, dict) and recording.get("license"):
        report.skip(element, "<recording><license> has no place in Hallway's catalogue")
    return event


def _opted_out(raw: dict[str, Any]) -> bool:
    """frab JSON's do_not_record, or <recording><optout> in XML (as "true")."""
    recording = raw.get("recording")
    optout = recording.get("optout") if isinstance(recording, dict) else None
    return any(str(value).strip().lower() == "true" for value in (raw.get("do_not_record"), optout))


def _check_end(
    raw: dict[str, Any], element: str, start: dt.datetime, duration: dt.timedelta
) -> None:
    """An event that states its end (JSON "end") must end after it starts."""
    if raw.get("end") in (None, ""):
        return
    end = parse_moment(raw["end"], element, "end")
    if end <= start:
        raise ImportFailed(
            element, f"ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )
    if end - start != duration:
        raise ImportFailed(
            element, f"end {end.isoformat()} disagrees with duration {raw.get('duration')!r}"
        )


def _add_persons_and_links(
    event: ParsedEvent, raw: dict[str, Any], element: str, schedule: ParsedSchedule
) -> None:
    """The event's speakers and links; a malformed one is skipped and reported."""
    report = schedule.report
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
            if not isinstance(raw_link, dict):
                report.skip(element, f"{field[:-1]} {raw_link!r} is not an object")
                continue
            link = link_from_raw(raw_link, element, report, base_url=schedule.base_url)
            if link is not None:
                event.links.append(link)
