"""frab schedule.xml and schedule.json of a conference's latest released schedule.

Both validate strictly against the c3voc schemas (../shared/formats/). Choices where
Hallway's model and frab's differ:

- Breaks without a talk (lunch: a Slot with a title and no talk) are left out. frab
  events need a room and a unique guid; repeating lunch in every room would invent
  events nobody can bookmark or record. The CSV schedule export lists them.
- A talk whose slot has no room (the evening social, "all rooms") is listed under a
  pseudo-room named ``ALL_ROOMS_NAME`` after the real rooms; the importer reads that
  name back as "no room", so the round trip keeps it.
- Persons carry a stable guid: the one their source gave them if imported, else a
  uuid5 of the speaker's public slug. Never an e-mail or anything derived from one.
- Days split at Conference.day_change; times carry the conference's UTC offset; no
  empty day after the last day with a talk.
- Numeric ids (events, persons) derive from the guid, not the database row, so that
  export → import elsewhere → export gives the same document.
- Opt-outs from recording go out as do_not_record / <recording><optout>; the source's
  own event type as type (Hallway's kind when it has none); a second "#" in a link as
  %23; slugs under 4 characters padded with leading "_" (imports strip them).
"""

import datetime as dt
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from conference.models import Conference
from talks.interchange.conventions import (
    ALL_ROOMS_NAME,
    conference_acronym,
    escaped_uri,
    event_slug,
    json_time_zone_name,
    room_guid,
    speaker_guid,
)
from talks.models import Resource, Schedule, Slot, Speaker
from talks.models.catalogue import talk_path_maker

GENERATOR = {"name": "Hallway", "version": "0.1"}

# Resource kinds as schedule.json's link types (an enum there); XML takes them as-is.
LINK_TYPES = {
    Resource.Kind.SLIDES: "slides",
    Resource.Kind.VIDEO: "media",
    Resource.Kind.WRITEUP: "blog",
    Resource.Kind.CODE: "related",
    Resource.Kind.SOCIAL: "related",
    Resource.Kind.OTHER: "related",
}
_XML_SLUG = re.compile(r"^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$")
_TRACK_SLUG = re.compile(r"^[a-z][a-z0-9-]+$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def hhmm(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def stable_id(guid: str) -> int:
    """A positive number from a guid: the frab id, the same wherever the talk is stored."""
    return uuid.UUID(guid).int % 2_000_000_000 + 1


def person_guid(speaker: Speaker) -> str:
    """The guid an imported file gave the speaker, if it is one (frab guids are UUIDs),
    else the one derived from the slug."""
    for identifier in getattr(speaker, "guid_identifiers", None) or ():
        try:
            uuid.UUID(identifier.value)
        except ValueError:
            continue
        return str(identifier.value)
    return str(speaker_guid(speaker.slug))


@dataclass
class ExportDay:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: dict[str, list[Slot]] = field(default_factory=dict)


@dataclass
class ScheduleExport:
    """The release grouped as frab sees it: days, then rooms in order, then events."""

    conference: Conference
    release: Schedule
    base_url: str
    room_names: list[str]
    days: list[ExportDay]

    @cached_property
    def _talk_path(self) -> Callable[[str], str]:
        return talk_path_maker(self.conference.slug)

    def talk_url(self, slot: Slot) -> str:
        assert slot.talk is not None  # noqa: S101 - only talk slots are grouped
        return f"{self.base_url}{self._talk_path(slot.talk.slug)}"


def schedule_export(
    *, conference: Conference, release: Schedule, slots: list[Slot], base_url: str
) -> ScheduleExport:
    """Group a release's talk slots into conference days and rooms (in Room.position order)."""
    tz = conference.tzinfo
    talk_slots = [s for s in slots if s.talk_id is not None]
    room_order: dict[str, tuple[int, str]] = {}
    for room in conference.rooms.all():
        room_order[room.name] = (room.position, room.name)
    if any(s.room_id is None for s in talk_slots):
        room_order[ALL_ROOMS_NAME] = (10**9, ALL_ROOMS_NAME)
    room_names = sorted(room_order, key=room_order.__getitem__)
    used = {conference.day_of(s.start) for s in talk_slots}
    # The conference's days up to the last with a talk: no empty trailing day.
    dates = {d for d in conference.days if not used or d <= max(used)} | used
    days: list[ExportDay] = []
    by_date: dict[dt.date, ExportDay] = {}
    for index, date in enumerate(sorted(dates), start=1):
        start, end = conference.day_bounds(date)
        day = ExportDay(index, date, start.astimezone(tz), end.astimezone(tz))
        days.append(day)
        by_date[date] = day
    grouped: dict[dt.date, dict[str, list[Slot]]] = defaultdict(lambda: defaultdict(list))
    for slot in talk_slots:
        room_name = slot.room.name if slot.room else ALL_ROOMS_NAME
        grouped[conference.day_of(slot.start)][room_name].append(slot)
    for date, rooms in grouped.items():
        by_date[date].rooms = {name: rooms[name] for name in room_names if name in rooms}
    return ScheduleExport(conference, release, base_url.rstrip("/"), room_names, days)


def _local(moment: dt.datetime, conference: Conference) -> dt.datetime:
    return moment.astimezone(conference.tzinfo)


# --- schedule.xml ---------------------------------------------------------------------


def _text(parent: Element, tag: str, value: str) -> Element:
    element = SubElement(parent, tag)
    element.text = value
    return element


def schedule_xml(export: ScheduleExport) -> bytes:
    conference = export.conference
    root = Element("schedule")
    SubElement(root, "generator", GENERATOR)
    _text(root, "url", f"{export.base_url}/conferences/{conference.slug}/schedule/export/")
    _text(root, "version", export.release.version)
    head = SubElement(root, "conference")
    _text(head, "title", conference.name)
    _text(head, "acronym", conference_acronym(conference))
    _text(head, "start", conference.start_date.isoformat())
    _text(head, "end", conference.end_date.isoformat())
    _text(head, "days", str(len(export.days)))
    _text(head, "timeslot_duration", "00:05")
    _text(head, "base_url", f"{export.base_url}/")
    if conference.website.startswith(("http://", "https://")):
        _text(head, "url", escaped_uri(conference.website))
    _text(head, "time_zone_name", conference.timezone)
    for track in conference.tracks.all():
        attributes = {"name": track.name, "color": track.colour}
        if _TRACK_SLUG.match(track.slug):
            attributes["slug"] = track.slug
        _text(head, "track", track.name).attrib.update(attributes)
    for day in export.days:
        day_element = SubElement(
            root,
            "day",
            {
                "index": str(day.index),
                "date": day.date.isoformat(),
                "start": day.start.isoformat(),
                "end": day.end.isoformat(),
            },
        )
        for room_name, room_slots in day.rooms.items():
            room_element = SubElement(
                day_element,
                "room",
                {"name": room_name, "guid": str(room_guid(conference, room_name))},
            )
            for slot in room_slots:
                _xml_event(room_element, export, slot, room_name)
    # Control characters are not allowed anywhere in XML 1.0; they can only come from
    # data (an imported abstract), so dropping them from the text is safe.
    document = _NOT_XML.sub("", tostring(root, encoding="unicode"))
    # A parser turns a raw CR into LF; written as a reference it reads back as CR.
    document = document.replace("\r", "&#13;")
    return b"<?xml version='1.0' encoding='utf-8'?>\n" + document.encode()


def _xml_event(parent: Element, export: ScheduleExport, slot: Slot, room_name: str) -> None:
    talk = slot.talk
    assert talk is not None  # noqa: S101 - only talk slots are grouped
    conference = export.conference
    event = SubElement(
        parent, "event", {"id": str(stable_id(str(talk.uuid))), "guid": str(talk.uuid)}
    )
    start = _local(slot.start, conference)
    _text(event, "date", start.isoformat())
    _text(event, "start", start.strftime("%H:%M"))
    _text(event, "duration", hhmm(slot.end - slot.start))
    _text(event, "room", room_name)
    slug = event_slug(conference, talk.slug)
    if _XML_SLUG.match(slug):
        _text(event, "slug", slug)
    _text(event, "url", export.talk_url(slot))
    _text(event, "title", talk.title)
    _text(event, "subtitle", talk.subtitle)
    _text(event, "track", talk.track.name if talk.track else "")
    _text(event, "type", talk.source_type or talk.kind)
    _text(event, "language", talk.language)
    _text(event, "abstract", talk.abstract)
    _text(event, "description", talk.description)
    persons = SubElement(event, "persons")
    for talk_speaker in talk.speakers_in_order():
        speaker = talk_speaker.speaker
        _text(persons, "person", speaker.name).attrib.update(
            {"id": str(stable_id(person_guid(speaker))), "guid": person_guid(speaker)}
        )
    recording = SubElement(event, "recording")
    _text(recording, "license", "")
    _text(recording, "optout", "true" if talk.do_not_record else "false")
    links = SubElement(event, "links")
    for resource in getattr(talk, "approved_resources", []):
        _text(links, "link", resource.title or resource.get_kind_display()).attrib.update(
            {"href": escaped_uri(resource.url), "type": LINK_TYPES[Resource.Kind(resource.kind)]}
        )


# --- schedule.json --------------------------------------------------------------------


def schedule_json(export: ScheduleExport) -> bytes:
    conference = export.conference
    head: dict[str, Any] = {
        "acronym": conference_acronym(conference),
        "title": conference.name,
        "start": conference.start_date.isoformat(),
        "end": conference.end_date.isoformat(),
        "daysCount": len(export.days),
        "timeslot_duration": "00:05",
    }
    time_zone_name = json_time_zone_name(conference.timezone)
    if time_zone_name:
        head["time_zone_name"] = time_zone_name
    if conference.website.startswith(("http://", "https://")):
        head["url"] = escaped_uri(conference.website)
    head["tracks"] = [
        {
            "name": t.name,
            "color": t.colour,
            **({"slug": t.slug} if _TRACK_SLUG.match(t.slug) else {}),
        }
        for t in conference.tracks.all()
    ]
    head["rooms"] = [
        {"name": name, "guid": str(room_guid(conference, name))} for name in export.room_names
    ]
    head["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": day.start.isoformat(),
            "day_end": day.end.isoformat(),
            "rooms": {
                name: [_json_event(export, slot, name) for slot in slots]
                for name, slots in day.rooms.items()
            },
        }
        for day in export.days
    ]
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": GENERATOR,
        "schedule": {
            "version": export.release.version,
            "base_url": f"{export.base_url}/",
            "conference": head,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _json_event(export: ScheduleExport, slot: Slot, room_name: str) -> dict[str, Any]:
    talk = slot.talk
    assert talk is not None  # noqa: S101 - only talk slots are grouped
    conference = export.conference
    start = _local(slot.start, conference)
    return {
        "guid": str(talk.uuid),
        "id": stable_id(str(talk.uuid)),
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        # No "end": frab's own exports have none, and a consumer that writes each event
        # as schedule.xml would write an element the XSD refuses.
        "duration": hhmm(slot.end - slot.start),
        "room": room_name,
        "slug": event_slug(conference, talk.slug),
        "url": export.talk_url(slot),
        "title": talk.title,
        "subtitle": talk.subtitle,
        "track": talk.track.name if talk.track else None,
        "type": talk.source_type or talk.kind,
        "do_not_record": talk.do_not_record,
        "language": talk.language,
        "abstract": talk.abstract,
        "description": talk.description,
        # "name" (pretalx) plus "public_name" (older frab readers) without "id": the
        # schema's oneOf then matches exactly the pretalx person shape.
        "persons": [
            {
                "guid": person_guid(ts.speaker),
                "name": ts.speaker.name,
                "public_name": ts.speaker.name,
                "biography": ts.speaker.bio,
            }
            for ts in talk.speakers_in_order()
        ],
        "links": [
            {
                "type": LINK_TYPES[Resource.Kind(r.kind)],
                "url": escaped_uri(r.url),
                "title": r.title or r.get_kind_display(),
            }
            for r in getattr(talk, "approved_resources", [])
        ],
    }
