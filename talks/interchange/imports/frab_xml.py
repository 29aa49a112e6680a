"""Read a frab schedule.xml: frab, pretalx and wafer files, and the older pentabarf shape
(no guid, no <date>, no time zone: FOSDEM's).

Parsed with defusedxml with DTDs forbidden: a schedule never needs one, and refusing
every <!DOCTYPE> refuses external entities (XXE) and entity bombs (billion laughs)
before anything expands. No network access happens.
"""

import datetime as dt
import zoneinfo
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from talks.interchange.imports.events import DayContext, add_event, refuse_if_empty
from talks.interchange.imports.parsed import (
    ParsedSchedule,
    offset_of,
    parse_date,
    parse_moment,
    schedule_timezone,
)
from talks.interchange.imports.report import ImportFailed


def _child_text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _event_dict(event: Element) -> dict[str, Any]:
    raw: dict[str, Any] = {"guid": event.get("guid"), "id": event.get("id")}
    for child in event:
        if child.tag in ("persons", "links", "attachments", "recording"):
            continue
        raw[child.tag] = (child.text or "").strip()
    raw["persons"] = [
        {"name": (p.text or "").strip(), "id": p.get("id"), "guid": p.get("guid")}
        for p in event.iterfind("persons/person")
    ]
    raw["links"] = [
        {"url": link.get("href"), "title": (link.text or "").strip(), "type": link.get("type")}
        for link in event.iterfind("links/link")
    ]
    raw["attachments"] = [
        {"url": a.get("href"), "title": (a.text or "").strip(), "type": "slides"}
        for a in event.iterfind("attachments/attachment")
    ]
    recording = event.find("recording")
    if recording is not None:
        raw["recording"] = {
            "optout": _child_text(recording, "optout"),
            "license": _child_text(recording, "license"),
        }
    return raw


def _schedule_root(data: bytes) -> Any:
    """The <schedule> element; DTDs and entities are refused (XXE, billion laughs)."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden as error:
        raise ImportFailed(
            "<!DOCTYPE>",
            "the file declares a DTD; schedule files need none, and it could expand "
            "entities (XXE, billion laughs), so the file is refused",
        ) from error
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as error:
        raise ImportFailed("<!ENTITY>", "entity declarations are refused (XXE)") from error
    except ParseError as error:
        raise ImportFailed("schedule.xml", f"not well-formed XML ({error})") from error
    if root.tag != "schedule":
        raise ImportFailed(f"<{root.tag}>", "the root element must be <schedule>")
    _refuse_deep_nesting(root)
    return root


# schedule > day > room > event > persons > person is 6 deep; a file far deeper is no
# schedule (100,000 nested elements once gave an empty conference).
MAX_DEPTH = 16


def _refuse_deep_nesting(root: Element) -> None:
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ImportFailed(
                f"<{element.tag}>", f"elements nested over {MAX_DEPTH} deep: not a schedule"
            )
        stack.extend((child, depth + 1) for child in element)


def _read_head(schedule: ParsedSchedule, head: Element) -> None:
    """The conference's dates, tracks and day change."""
    if _child_text(head, "start"):
        schedule.start_date = parse_date(_child_text(head, "start"), "<conference>", "start")
    if _child_text(head, "end"):
        schedule.end_date = parse_date(_child_text(head, "end"), "<conference>", "end")
    for track in head.iterfind("track"):
        name = (track.get("name") or track.text or "").strip()
        if name:
            schedule.tracks[name[:100]] = track.get("color") or ""
    if _child_text(head, "day_change"):
        try:
            schedule.day_change = dt.time.fromisoformat(_child_text(head, "day_change"))
        except ValueError:
            schedule.report.skip("<conference>/<day_change>", "not a time of day")


def parse_schedule_xml(data: bytes, *, timezone: str | None = None) -> ParsedSchedule:
    """The schedule a frab schedule.xml describes. timezone: for a file that names none
    (--timezone, else the conference's); without it the file's UTC offsets decide."""
    root = _schedule_root(data)
    head = root.find("conference")
    if head is None:
        raise ImportFailed("<schedule>", "<conference> is missing")
    title = _child_text(head, "title")
    if not title:
        raise ImportFailed("<conference>", "<title> is missing or empty")
    schedule = ParsedSchedule(
        title=title[:200],
        acronym=_child_text(head, "acronym"),
        # pentabarf names its version <release>.
        version=(_child_text(root, "version") or _child_text(head, "release"))[:50],
        source_host=urlsplit(_child_text(head, "base_url") or _child_text(root, "url")).hostname
        or "",
        base_url=_child_text(head, "base_url") or _child_text(root, "url"),
        website=_child_text(head, "url"),
    )
    offsets = {offset_of(event.findtext("date")) for event in root.iter("event")}
    offsets |= {offset_of(day.get("start")) for day in root.iter("day")}
    zone_name = _child_text(head, "time_zone_name")
    schedule_timezone(schedule, zone_name, timezone, offsets, "<conference>/<time_zone_name>")
    _read_head(schedule, head)
    day_change = schedule.day_change
    tz = zoneinfo.ZoneInfo(schedule.timezone)
    days = root.findall("day")
    if not days:
        raise ImportFailed("<schedule>", "no <day> elements")
    for day_number, day in enumerate(days, start=1):
        where = f"<day index={day.get('index') or day_number}>"
        date = parse_date(day.get("date"), where, "date") if day.get("date") else None
        start = parse_moment(day.get("start"), where, "start") if day.get("start") else None
        if start is not None and schedule.day_change is None:
            schedule.day_change = start.astimezone(tz).time()
        context = DayContext(date=date, start=start, tz=tz, day_change=day_change)
        for room in day.iterfind("room"):
            room_name = (room.get("name") or "").strip()
            if not room_name:
                raise ImportFailed(f"{where}/<room>", "a room without a name")
            if room_name not in schedule.rooms:
                schedule.rooms.append(room_name[:100])
            for position, event in enumerate(room.iterfind("event"), start=1):
                element = (
                    f"{where}/<room name={room_name!r}>/"
                    f"<event id={event.get('id') or position} guid={event.get('guid') or '-'}>"
                )
                add_event(schedule, _event_dict(event), element, room_name[:100], context)
    refuse_if_empty(schedule, "<schedule>")
    return schedule
