"""iCalendar (RFC 5545) exports: a talk, a speaker's talks, a conference, a personal feed.

Built with the icalendar library. Each event's UID is the talk's UUID, so calendar apps
update an event in place; SEQUENCE and LAST-MODIFIED follow the latest change to the
talk or its slot. Times carry the conference's zone, with its VTIMEZONE.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event

from conference.text import without_control_characters
from talks.models import Slot, Talk

PRODID = "-//Hallway//Conference talks//EN"


def _location(slot: Slot) -> str:
    conference = slot.schedule.conference
    parts = [slot.room.name if slot.room else "All rooms"]
    if conference.venue:
        parts.append(conference.venue.name)
        if conference.venue.address:
            parts.append(conference.venue.address)
    return without_control_characters(", ".join(parts))


def _description(talk: Talk) -> str:
    speakers = [ts.speaker.name for ts in talk.speakers_in_order()]
    lines = []
    if speakers:
        lines.append("With " + ", ".join(speakers))
    if talk.abstract:
        lines.append(talk.abstract)
    return without_control_characters("\n\n".join(lines))


def build_calendar(
    *,
    slots: Iterable[Slot],
    name: str,
    absolute_url: Callable[[str], str],
) -> Calendar:
    """A VCALENDAR with one VEVENT per talk slot; breaks without a talk are left out."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # X-WR-CALNAME is not escaped like TEXT: a line break in a name (from an import, say)
    # would break the whole file, so the name is kept to one line.
    calendar.add("x-wr-calname", without_control_characters(" ".join(name.split())))
    stamp = timezone.now()
    for slot in slots:
        talk = slot.talk
        if talk is None:
            continue
        tz = slot.schedule.conference.tzinfo
        changed = max(talk.updated_at, slot.updated_at)
        event = Event()
        event.add("uid", str(talk.uuid))
        # Rows written before control characters were refused: no raw ESC to calendar apps.
        event.add("summary", without_control_characters(talk.title))
        event.add("dtstamp", stamp)
        event.add("dtstart", slot.start.astimezone(tz))
        event.add("dtend", slot.end.astimezone(tz))
        event.add("location", _location(slot))
        event.add("url", absolute_url(talk.get_absolute_url()))
        event.add("last-modified", changed.astimezone(dt.UTC))
        # Whole seconds since the epoch only ever grow, as RFC 5545 asks of SEQUENCE.
        event.add("sequence", int(changed.timestamp()))
        event.add("status", "CANCELLED" if talk.is_cancelled else "CONFIRMED")
        event.add("categories", [talk.get_kind_display()])
        description = _description(talk)
        if description:
            event.add("description", description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def calendar_response(
    calendar: Calendar, filename: str, *, attachment: bool = True
) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{slugify(filename) or "calendar"}.ics"'
    )
    return response
