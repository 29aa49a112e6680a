"""Store a ParsedSchedule: one conference, in one transaction, with bulk writes.

Every write goes through the services: the conference through conference_save; rooms,
tracks, talks, speakers, links and slots through the services built for bulk
(rooms_tracks_import_bulk, talks_import_bulk, speakers_import_bulk, resources_import_bulk,
talk_speakers_replace_bulk, slots_replace_bulk), which validate as the one-row services
do and announce once: "talk.changed" per talk and the page cache, after commit.

Matching, so that a re-import updates rather than duplicates:
- talks by uuid: the file's guid, else a uuid5 of the conference slug and the source's
  event id (or slug, or title), so pentabarf and pyvideo files re-import onto the same talk;
- rooms and tracks by name; speakers through talks.interchange.imports.speakers.
A confirmed talk of the conference missing from the file is cancelled, never deleted.
The work-in-progress schedule's talk slots become the file's; if the file names a
version that the conference has not released, and the work in progress differs from
the latest release, that version is released.

Idempotent: only what differs from the stored rows is written (talks.interchange.imports.programme,
talks.interchange.imports.placement), so importing the same file again changes nothing: no
updated_at or history moves, no webhook fires, the page cache is not bumped.
"""

import datetime as dt
import itertools
import re
import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from conference.models import Conference, Room, Track
from conference.services import conference_save, rooms_tracks_import_bulk
from talks.interchange.conventions import derived_talk_uuid
from talks.interchange.imports.parsed import (
    ParsedEvent,
    ParsedSchedule,
    link_from_raw,
    room_from_name,
)
from talks.interchange.imports.placement import release, write_slots
from talks.interchange.imports.programme import write_links, write_speakers, write_tags, write_talks
from talks.interchange.imports.report import ImportFailed, ImportReport, validated

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class _DryRunRollback(Exception):
    pass


def _clashes(events: list[ParsedEvent], report: ImportReport, *, strict: bool) -> set[str]:
    """The elements of events that overlap another in their room, each pair reported.

    The source's own mistake (two talks at once in one room) is kept where the file puts
    it and flagged (Slot.clash), so one clash does not refuse the other talks; strict
    refuses the file as before.
    """
    by_room: dict[str | None, list[ParsedEvent]] = defaultdict(list)
    for event in events:
        if event.start and event.end:
            by_room[event.room].append(event)
    clashing: set[str] = set()
    for room, placed in by_room.items():
        placed.sort(key=lambda e: e.start or dt.datetime.min)
        for index, before in enumerate(placed):
            for after in itertools.islice(placed, index + 1, None):
                if after.start is None or before.end is None or after.start >= before.end:
                    break
                message = (
                    f"overlaps “{before.title}” ({before.element}) in room "
                    f"{room or 'all rooms'!r}: both at {after.start.isoformat()}"
                )
                if strict:
                    raise ImportFailed(after.element, message)
                report.add("clash", after.element, f"{message}; placed as the file says, flagged")
                clashing.update((before.element, after.element))
    return clashing


def _talk_uuids(events: list[ParsedEvent], conference_slug: str) -> dict[str, uuid.UUID]:
    """Each event's talk uuid (its guid, else derived from its key), by element."""
    seen: dict[uuid.UUID, str] = {}
    for event in events:
        value = event.uuid or derived_talk_uuid(conference_slug, event.key)
        if value in seen:
            raise ImportFailed(event.element, f"guid {value} repeats {seen[value]}")
        seen[value] = event.element
    return {element: value for value, element in seen.items()}


def schedule_import(
    *,
    parsed: ParsedSchedule,
    conference_slug: str,
    dry_run: bool = False,
    release_version: str = "",
    strict: bool = False,
    publish: bool = False,
) -> ImportReport:
    """Create or update the conference from the parsed file; all or nothing.

    Raises ImportFailed (nothing written) when the file cannot be used. Talks that
    overlap in a room are imported and flagged (reported as "clash"), unless strict,
    which refuses the file. A dry run does everything, reports it, and rolls back.
    Side effects: may release a schedule.
    """
    report = parsed.report
    report.dry_run = dry_run
    uuid_of = _talk_uuids(parsed.events, conference_slug)
    clashing = _clashes(parsed.events, report, strict=strict)
    try:
        with transaction.atomic():
            _write(parsed, conference_slug, uuid_of, report, release_version, clashing, publish)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except IntegrityError as error:
        # A database rule the checks above did not foresee; still nothing half-written.
        raise ImportFailed(
            f"conference {conference_slug}", f"refused by the database: {error}"
        ) from error
    except ValidationError as error:
        raise ImportFailed(f"conference {conference_slug}", "; ".join(error.messages)) from error
    return report


def _conference(
    parsed: ParsedSchedule, slug: str, report: ImportReport, publish: bool
) -> Conference:
    conference = Conference.objects.filter(slug=slug).first()
    if conference is not None:
        report.add("matched", f"conference {slug}", conference.name)
        if publish and not conference.published:
            conference.published = True
            conference_save(conference=conference)
            report.add("updated", f"conference {slug}", "published")
        return conference
    if parsed.start_date and parsed.end_date and parsed.end_date < parsed.start_date:
        raise ImportFailed(
            "conference",
            f"ends ({parsed.end_date}) before it starts ({parsed.start_date})",
        )
    day_change = parsed.day_change or Conference._meta.get_field("day_change").default
    # A moment before the day changes belongs to the day before (Conference.day_of).
    dates = [
        (e.start.astimezone(parsed.tzinfo) - _since_midnight(day_change)).date()
        for e in parsed.events
        if e.start
    ]
    start = parsed.start_date or (min(dates) if dates else timezone.localdate())
    end = parsed.end_date or (max(dates) if dates else start)
    conference = Conference(
        name=parsed.title,
        slug=slug,
        start_date=start,
        end_date=max(end, start),
        timezone=parsed.timezone,
        website=_website(parsed, report),
        day_change=day_change,
        # Imported unpublished: the organizer looks first (--publish says otherwise).
        published=publish,
    )
    try:
        conference_save(conference=conference)
    except ValidationError as error:
        raise ImportFailed(f"conference {slug}", "; ".join(error.messages)) from error
    report.add("created", f"conference {slug}", conference.name)
    return conference


def _since_midnight(time: dt.time) -> dt.timedelta:
    return dt.timedelta(hours=time.hour, minutes=time.minute, seconds=time.second)


def _website(parsed: ParsedSchedule, report: ImportReport) -> str:
    """The file's conference URL, when it is one (else reported and left empty)."""
    if not parsed.website:
        return ""
    link = link_from_raw({"url": parsed.website}, "conference url", report)
    return link.url if link is not None and len(link.url) <= 200 else ""


def _next_steps(conference: Conference, released: bool, report: ImportReport) -> None:
    """Tell the organizer what stands between this import and the public."""
    where = f"conference {conference.slug}"
    if not conference.published:
        report.note(
            where,
            "not published: check it in the admin, then publish it there or import again "
            "with --publish",
        )
    if not released and not conference.schedules.released().exists():
        report.note(
            where,
            "no released schedule, so the schedule pages and exports answer 404: import "
            "again with --release NAME (e.g. --release 1.0) or release it in the admin",
        )


def _rooms(conference: Conference, parsed: ParsedSchedule, report: ImportReport) -> dict:
    rooms = {room.name: room for room in conference.rooms.all()}
    position = max((room.position for room in rooms.values()), default=-1) + 1
    # The exports' "All rooms" pseudo-room is no room (its events span every room).
    names = [n for n in parsed.rooms if room_from_name(n)] + [
        e.room for e in parsed.events if e.room
    ]
    new = []
    for name in dict.fromkeys(names):
        if name not in rooms:
            rooms[name] = Room(conference=conference, name=name, position=position)
            validated(rooms[name], f"room {name!r}", ["conference"])
            new.append(rooms[name])
            position += 1
            report.add("created", f"room {name!r}", "new room")
    rooms_tracks_import_bulk(conference=conference, rooms=new, tracks=[])
    return rooms


def _tracks(conference: Conference, parsed: ParsedSchedule, report: ImportReport) -> dict:
    tracks = {track.name: track for track in conference.tracks.all()}
    taken = {track.slug for track in tracks.values()}
    wanted = dict(parsed.tracks)
    wanted.update({e.track: "" for e in parsed.events if e.track and e.track not in wanted})
    new = []
    for name, colour in wanted.items():
        if name in tracks:
            continue
        slug = base = slugify(name)[:90] or "track"
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        track = Track(conference=conference, name=name, slug=slug)
        if _HEX_COLOUR.match(colour):
            track.colour = colour
        validated(track, f"track {name!r}", ["conference"])
        new.append(track)
        tracks[name] = track
        taken.add(slug)
        report.add("created", f"track {name!r}", "new track")
    rooms_tracks_import_bulk(conference=conference, rooms=[], tracks=new)
    return tracks


def _write(
    parsed: ParsedSchedule,
    conference_slug: str,
    uuid_of: dict[str, uuid.UUID],
    report: ImportReport,
    release_version: str,
    clashing: set[str],
    publish: bool,
) -> None:
    conference = _conference(parsed, conference_slug, report, publish)
    rooms = _rooms(conference, parsed, report) if parsed.has_schedule else {}
    tracks = _tracks(conference, parsed, report)
    talk_for = write_talks(
        conference=conference, parsed=parsed, uuid_of=uuid_of, tracks=tracks, report=report
    )
    write_speakers(parsed, talk_for, report)
    write_links(parsed, talk_for)
    write_tags(parsed, talk_for)
    if parsed.has_schedule:
        write_slots(conference, parsed, rooms, talk_for, report, clashing)
        # A release made by the import is announced by schedule_release itself.
        made = release(conference, parsed.version, release_version, report)
        _next_steps(conference, made is not None, report)
    elif not conference.published:
        _next_steps(conference, True, report)
