"""Read a frab/pretalx schedule.json (schedule → conference → days → rooms → events)."""

import json
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

from talks.interchange.imports.events import DayContext, add_event
from talks.interchange.imports.parsed import (
    ParsedSchedule,
    parse_date,
    parse_moment,
    text,
    timezone_or_fail,
)
from talks.interchange.imports.report import ImportFailed


def _object(value: Any, element: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFailed(element, f"must be an object, not {type(value).__name__}")
    return value


def parse_schedule_json(data: bytes, *, default_timezone: str = "UTC") -> ParsedSchedule:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailed("schedule.json", f"not valid JSON ({error})") from error
    root = _object(document, "schedule.json")
    body = _object(root.get("schedule"), "schedule")
    head = _object(body.get("conference"), "schedule/conference")
    where = "schedule/conference"
    zone_name = text(head.get("time_zone_name"), where, "time_zone_name")
    schedule = ParsedSchedule(
        title=text(head.get("title"), where, "title", required=True)[:200],
        acronym=text(head.get("acronym"), where, "acronym"),
        version=text(body.get("version"), "schedule", "version")[:50],
        timezone=timezone_or_fail(zone_name, f"{where}/time_zone_name")
        if zone_name
        else default_timezone,
        source_host=urlsplit(text(body.get("base_url"), "schedule", "base_url")).hostname or "",
    )
    if not zone_name:
        schedule.report.note(where, f"no time_zone_name: local times read in {default_timezone}")
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
    days = head.get("days")
    if not isinstance(days, list) or not days:
        raise ImportFailed(where, "days is missing or not a list")
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
            day_change=None,
        )
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
    return schedule
