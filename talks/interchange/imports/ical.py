"""Read an iCalendar file (RFC 5545) as a schedule: what symposion-based sites and many
others publish when they publish no frab file.

Leniently: each VEVENT becomes a talk and its slot (SUMMARY → title, DTSTART/DTEND or
DURATION → time, LOCATION → room, DESCRIPTION → abstract, URL → link, UID → the stable
key). A TZID without its VTIMEZONE is read as the IANA zone it names; an event without
LOCATION goes to a "no room" (all rooms) slot; an event that cannot be placed (no
start, all-day, ending before it starts, no title) is skipped. Each of these is
reported.
"""

import contextlib
import datetime as dt
import uuid
import zoneinfo
from typing import Any

from icalendar import Calendar

from talks.interchange.imports.events import refuse_if_empty
from talks.interchange.imports.parsed import (
    ParsedEvent,
    ParsedLink,
    ParsedSchedule,
    link_from_raw,
    schedule_timezone,
)
from talks.interchange.imports.report import ImportFailed, ImportReport
from talks.models import Resource

MAX_EVENTS = 20_000


def _calendar(data: bytes) -> Any:
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as error:
        raise ImportFailed("iCalendar", f"not a valid iCalendar file ({error})") from error
    if not calendars:
        raise ImportFailed("iCalendar", "no VCALENDAR in the file")
    return calendars[0]


def _moment(component: Any, name: str, tz: dt.tzinfo | None) -> dt.datetime | None:
    """An aware date-time, or None when the property is missing or a whole day."""
    prop = component.get(name)
    if prop is None:
        return None
    value = prop.dt
    if not isinstance(value, dt.datetime):
        return None
    if value.tzinfo is None:
        tzid = prop.params.get("TZID")
        zone: dt.tzinfo | None = tz
        if tzid:
            try:
                zone = zoneinfo.ZoneInfo(str(tzid))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ImportFailed(name, f"unknown TZID {tzid!r}") from None
        if zone is None:
            raise ImportFailed(name, "a floating time: give --timezone")
        value = value.replace(tzinfo=zone)
    return value


def _zone_hints(calendar: Any) -> tuple[str, set[dt.timedelta | None]]:
    """The calendar's own zone (X-WR-TIMEZONE or the events' TZID) and its UTC offsets."""
    zone = str(calendar.get("X-WR-TIMEZONE") or "")
    offsets: set[dt.timedelta | None] = set()
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None:
            continue
        if not zone and start.params.get("TZID"):
            zone = str(start.params["TZID"])
        if isinstance(start.dt, dt.datetime):
            offsets.add(start.dt.utcoffset())
    return zone, offsets


def parse_ical(data: bytes, *, timezone: str | None = None) -> ParsedSchedule:
    calendar = _calendar(data)
    title = str(calendar.get("X-WR-CALNAME") or calendar.get("NAME") or "").strip()
    schedule = ParsedSchedule(title=title[:200] or "Imported calendar")
    if not title:
        schedule.report.note("VCALENDAR", "no X-WR-CALNAME: the conference is named later")
    zone, offsets = _zone_hints(calendar)
    schedule_timezone(schedule, zone, timezone, offsets, "VCALENDAR/X-WR-TIMEZONE")
    tz = zoneinfo.ZoneInfo(schedule.timezone)
    events = calendar.walk("VEVENT")
    if len(events) > MAX_EVENTS:
        raise ImportFailed("VCALENDAR", f"more than {MAX_EVENTS} events in one file")
    for position, component in enumerate(events, start=1):
        uid = str(component.get("UID") or "").strip()
        element = f"VEVENT[{position}] (UID {uid or '-'})"
        try:
            event = _event(component, element, uid, tz, schedule.report)
        except ImportFailed as error:
            schedule.report.skip(element, f"{error.message}: event left out")
            continue
        schedule.events.append(event)
    refuse_if_empty(schedule, "VCALENDAR")
    return schedule


def _event(
    component: Any, element: str, uid: str, tz: dt.tzinfo, report: ImportReport
) -> ParsedEvent:
    title = " ".join(str(component.get("SUMMARY") or "").split())
    if not title:
        raise ImportFailed(element, "no SUMMARY (title)")
    start = _moment(component, "DTSTART", tz)
    if start is None:
        raise ImportFailed(element, "no DTSTART with a time of day")
    end = _moment(component, "DTEND", tz)
    if end is None and component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    if end is None:
        raise ImportFailed(element, "neither DTEND nor DURATION")
    if end <= start:
        raise ImportFailed(element, f"ends ({end.isoformat()}) before it starts")
    talk_uuid = None
    # A UID that is no UUID is still the stable key below.
    with contextlib.suppress(ValueError):
        talk_uuid = uuid.UUID(uid) if uid else None
    location = " ".join(str(component.get("LOCATION") or "").split())[:100]
    if not location:
        report.note(element, "no LOCATION: placed in a slot spanning all rooms")
    event = ParsedEvent(
        element=element,
        uuid=talk_uuid,
        key=f"uid:{uid}" if uid else f"slug:{title}",
        title=title[:300],
        room=location or None,
        abstract=str(component.get("DESCRIPTION") or "").strip(),
        start=start,
        end=end,
        duration=end - start,
    )
    url = str(component.get("URL") or "").strip()
    if url:
        link = link_from_raw({"url": url, "title": "Event page"}, element, report)
        if link is not None:
            event.links.append(ParsedLink(url=link.url, title=link.title, kind=Resource.Kind.OTHER))
    return event
