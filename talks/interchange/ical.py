"""iCalendar (RFC 5545) exports: a talk, a speaker's talks, a conference, a personal feed.

Built with the icalendar library. Each event's UID is the talk's UUID, so calendar apps
update an event in place; SEQUENCE and LAST-MODIFIED follow the latest change to the
talk or its slot. Times carry the conference's zone, with its VTIMEZONE.

A whole conference has a thousand events: building an ``Event`` component per slot and
serialising it spent about 0.35 s in the library's generic machinery (type inference
per property, parameter objects, character-by-character line folding). The calendar,
its VTIMEZONEs and every value's encoding (TEXT escaping, DATE-TIME, URI, CATEGORIES)
still come from icalendar; each VEVENT's content lines are put together here, in the
order the library writes them, and folded at 75 octets as it does.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Timezone, vCategory, vDatetime, vText, vUri

from conference.text import without_control_characters
from talks.models import Slot, Talk
from talks.routes import Routes

PRODID = "-//Hallway//Conference talks//EN"
# RFC 5545 3.1: lines longer than 75 octets are folded; like icalendar, at most 74
# octets before each line break, never inside a UTF-8 sequence or after an escape's
# first character (some clients mis-read a folded "\\n").
FOLD_OCTETS = 74
END_CALENDAR = b"END:VCALENDAR\r\n"


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


def fold(line: bytes) -> bytes:
    """One content line, folded as icalendar folds it."""
    if len(line) <= FOLD_OCTETS:
        return line
    parts = []
    start = 0
    while len(line) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: keep the character whole
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _text(value: str) -> bytes:
    return vText(value).to_ical()


class _Events:
    """Writes the VEVENTs of one calendar, working out once what every event repeats:
    each conference's zone, what icalendar writes around a DATE-TIME in a zone (its
    parameters and suffix), the talk page's route."""

    def __init__(self, stamp: bytes, absolute_url: Callable[[str], str]) -> None:
        self.stamp = stamp
        self.absolute_url = absolute_url
        self.routes = Routes()
        self.zones: dict[int, dt.tzinfo] = {}
        self._forms: dict[dt.tzinfo, tuple[bytes, bytes]] = {}

    def zone(self, slot: Slot) -> dt.tzinfo:
        conference = slot.schedule.conference
        tz = self.zones.get(conference.pk)
        if tz is None:
            tz = self.zones[conference.pk] = conference.tzinfo
        return tz

    def datetime(self, name: bytes, value: dt.datetime) -> bytes:
        """A DATE-TIME line as icalendar writes it: TZID unless in UTC, "Z" in UTC."""
        assert value.tzinfo is not None  # noqa: S101 - aware datetimes only (USE_TZ)
        form = self._forms.get(value.tzinfo)
        if form is None:
            encoded = vDatetime(value)
            params = b";" + encoded.params.to_ical() if encoded.params else b""
            form = self._forms[value.tzinfo] = (params, b"Z" if encoded.is_utc() else b"")
        moment = b"%04d%02d%02dT%02d%02d%02d" % (
            *(value.year, value.month, value.day),
            *(value.hour, value.minute, value.second),
        )
        return name + form[0] + b":" + moment + form[1]

    def lines(self, slot: Slot, talk: Talk) -> list[bytes]:
        """A VEVENT's content lines, in icalendar's order: SUMMARY, DTSTART, DTEND,
        DTSTAMP, UID, SEQUENCE, then the others alphabetically."""
        tz = self.zone(slot)
        changed = max(talk.updated_at, slot.updated_at)
        description = _description(talk)
        url = self.routes.url("talks:detail", talk.slug, conference=talk.conference.slug)
        return [
            b"BEGIN:VEVENT",
            # Rows written before control characters were refused: no raw ESC to calendar apps.
            b"SUMMARY:" + _text(without_control_characters(talk.title)),
            self.datetime(b"DTSTART", slot.start.astimezone(tz)),
            self.datetime(b"DTEND", slot.end.astimezone(tz)),
            b"DTSTAMP:" + self.stamp,
            b"UID:" + _text(str(talk.uuid)),
            # Whole seconds since the epoch only ever grow, as RFC 5545 asks of SEQUENCE.
            b"SEQUENCE:%d" % int(changed.timestamp()),
            b"CATEGORIES:" + vCategory([talk.get_kind_display()]).to_ical(),
            *([b"DESCRIPTION:" + _text(description)] if description else []),
            self.datetime(b"LAST-MODIFIED", changed.astimezone(dt.UTC)),
            b"LOCATION:" + _text(_location(slot)),
            b"STATUS:" + (b"CANCELLED" if talk.is_cancelled else b"CONFIRMED"),
            b"URL:" + vUri(self.absolute_url(url)).to_ical(),
            b"END:VEVENT",
        ]


def build_calendar(
    *,
    slots: Iterable[Slot],
    name: str,
    absolute_url: Callable[[str], str],
) -> bytes:
    """A VCALENDAR with one VEVENT per talk slot (breaks without a talk are left out),
    serialised."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # X-WR-CALNAME is not escaped like TEXT: a line break in a name (from an import, say)
    # would break the whole file, so the name is kept to one line.
    calendar.add("x-wr-calname", without_control_characters(" ".join(name.split())))
    events = _Events(vDatetime(timezone.now().astimezone(dt.UTC)).to_ical(), absolute_url)
    lines: list[bytes] = []
    for slot in slots:
        if slot.talk is not None:
            lines += events.lines(slot, slot.talk)
    zones = {tz.key for tz in events.zones.values() if isinstance(tz, ZoneInfo)}
    for tzid in sorted(zones - {"UTC"}):
        # The library's default span (1970-2038), as add_missing_timezones writes it.
        calendar.add_component(Timezone.from_tzid(tzid))
    head = calendar.to_ical().removesuffix(END_CALENDAR)
    return head + b"".join(fold(line) + b"\r\n" for line in lines) + END_CALENDAR


def calendar_response(calendar: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{slugify(filename) or "calendar"}.ics"'
    )
    return response
