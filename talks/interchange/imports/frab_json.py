"""Read a frab/pretalx schedule.json (schedule → conference → days → rooms → events)."""

import datetime as dt
import json
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

from talks.interchange.imports.events import DayContext, add_event, refuse_if_empty
from talks.interchange.imports.parsed import (
    ParsedSchedule,
    offset_of,
    parse_date,
    parse_moment,
    schedule_timezone,
    text,
)
from talks.interchange.imports.report import ImportFailed


def _object(value: Any, element: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFailed(element, f"must be an object, not {type(value).__name__}")
    return value


def _offsets(head: dict[str, Any]) -> set[dt.timedelta | None]:
    """Every UTC offset the file's days and events carry."""
    offsets: set[dt.timedelta | None] = set()
    for day in head.get("days") or []:
        if not isinstance(day, dict):
            continue
        offsets.add(offset_of(day.get("day_start")))
        rooms = day.get("rooms")
        for events in rooms.values() if isinstance(rooms, dict) else []:
            for event in events if isinstance(events, list) else []:
                if isinstance(event, dict):
                    offsets.add(offset_of(event.get("date")))
    return offsets


def _read_head(schedule: ParsedSchedule, head: dict[str, Any], where: str) -> None:
    """The conference's dates, tracks and rooms."""
    if head.get("start"):
        schedule.start_date = parse_date(head["start"], where, "start")
    if head.get("end"):
        schedule.end_date = parse_date(head["end"], where, "end")
    for track in head.get("tracks") or []:
        if isinstance(track, dict) and isinstance(track.get("name"), str) and track["name"]:
            colour = track.get("color")
            schedule.tracks[track["name"][:100]] = colour if isinstance(colour, str) else ""
    for room in head.get("rooms") or []:
        if isinstance(room, dict) and isinstance(room.get("name"), str) and room["name"]:
            schedule.rooms.append(room["name"][:100])


def parse_schedule_json(data: bytes, *, timezone: str | None = None) -> ParsedSchedule:
    """The schedule a frab/pretalx schedule.json describes (timezone: as for XML)."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailed("schedule.json", f"not valid JSON ({error})") from error
    except RecursionError as error:
        raise ImportFailed("schedule.json", "nested too deeply to be a schedule") from error
    root = _object(document, "schedule.json")
    body = _object(root.get("schedule"), "schedule")
    head = _object(body.get("conference"), "schedule/conference")
    where = "schedule/conference"
    base_url = text(body.get("base_url"), "schedule", "base_url")
    schedule = ParsedSchedule(
        title=text(head.get("title"), where, "title", required=True)[:200],
        acronym=text(head.get("acronym"), where, "acronym"),
        version=text(body.get("version"), "schedule", "version")[:50],
        source_host=urlsplit(base_url).hostname or "",
        base_url=base_url,
        website=text(head.get("url"), where, "url"),
    )
    days = head.get("days")
    if not isinstance(days, list) or not days:
        raise ImportFailed(where, "days is missing or not a list")
    zone_name = text(head.get("time_zone_name"), where, "time_zone_name")
    schedule_timezone(schedule, zone_name, timezone, _offsets(head), f"{where}/time_zone_name")
    _read_head(schedule, head, where)
    tz = zoneinfo.ZoneInfo(schedule.timezone)
    for number, raw_day in enumerate(days, start=1):
        day_where = f"{where}/days[{number}]"
        day = _object(raw_day, day_where)
        context = DayContext(
            date=parse_date(day["date"], day_where, "date") if day.get("date") else None,
            start=parse_moment(day["day_start"], day_where, "day_start")
            if day.get("day_start")
            else None,
            tz=tz,
            day_change=schedule.day_change,
        )
        if context.start is not None and schedule.day_change is None:
            schedule.day_change = context.start.astimezone(tz).time()
        rooms = _object(day.get("rooms") or {}, f"{day_where}/rooms")
        for room_name, events in rooms.items():
            if room_name and room_name not in schedule.rooms:
                schedule.rooms.append(room_name[:100])
            if not isinstance(events, list):
                raise ImportFailed(f"{day_where}/rooms/{room_name}", "must be a list of events")
            for position, raw_event in enumerate(events, start=1):
                element = f"{day_where}/rooms/{room_name}[{position}]"
                event = _object(raw_event, element)
                element += f" (guid {event.get('guid') or '-'})"
                add_event(schedule, event, element, room_name[:100], context)
    refuse_if_empty(schedule, "schedule")
    return schedule
