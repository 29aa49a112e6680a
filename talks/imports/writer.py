"""Store a ParsedSchedule: one conference, in one transaction, with bulk writes.

Every write goes through the services: the conference through conference_save; rooms,
tracks, talks, speakers, links and slots through the services built for bulk
(rooms_tracks_import_bulk, talks_import_bulk, speakers_import_bulk, resources_import_bulk,
talk_speakers_replace_bulk, slots_replace_bulk), which validate as the one-row services
do and announce once: "talk.changed" per talk and the page cache, after commit.

Matching, so that a re-import updates rather than duplicates:
- talks by uuid: the file's guid, else a uuid5 of the conference slug and the source's
  event id (or slug, or title), so pentabarf and pyvideo files re-import onto the same talk;
- rooms and tracks by name; speakers through talks.imports.speakers.
A confirmed talk of the conference missing from the file is cancelled, never deleted.
The work-in-progress schedule's talk slots are replaced by the file's; if the file
names a version that the conference has not released, that version is released.
"""

import datetime as dt
import itertools
import re
import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from conference.models import Conference, Room, Track
from conference.services import conference_save, rooms_tracks_import_bulk
from talks.imports.parsed import ParsedEvent, ParsedSchedule
from talks.imports.report import ImportFailed, ImportReport, validated
from talks.imports.speakers import SpeakerResolver
from talks.interchange import derived_talk_uuid
from talks.models import Resource, Schedule, Slot, Tag, Talk, TalkSpeaker
from talks.services import (
    resources_import_bulk,
    schedule_get_work_in_progress,
    schedule_release,
    slots_replace_bulk,
    talk_speakers_replace_bulk,
    talks_import_bulk,
)

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class _DryRunRollback(Exception):
    pass


def _check_overlaps(events: list[ParsedEvent]) -> None:
    by_room: dict[str | None, list[ParsedEvent]] = defaultdict(list)
    for event in events:
        if event.start and event.end:
            by_room[event.room].append(event)
    for room, placed in by_room.items():
        placed.sort(key=lambda e: e.start or dt.datetime.min)
        for before, after in itertools.pairwise(placed):
            if after.start and before.end and after.start < before.end:
                raise ImportFailed(
                    after.element,
                    f"overlaps “{before.title}” ({before.element}) in room "
                    f"{room or 'all rooms'!r}: both at {after.start.isoformat()}",
                )


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
) -> ImportReport:
    """Create or update the conference from the parsed file; all or nothing.

    Raises ImportFailed (nothing written) when the file cannot be used. A dry run does
    everything, reports it, and rolls back. Side effects: may release a schedule.
    """
    report = parsed.report
    report.dry_run = dry_run
    uuid_of = _talk_uuids(parsed.events, conference_slug)
    _check_overlaps(parsed.events)
    try:
        with transaction.atomic():
            _write(parsed, conference_slug, uuid_of, report, release_version)
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


def _conference(parsed: ParsedSchedule, slug: str, report: ImportReport) -> Conference:
    conference = Conference.objects.filter(slug=slug).first()
    if conference is not None:
        report.add("matched", f"conference {slug}", conference.name)
        return conference
    dates = [e.start.astimezone(dt.UTC).date() for e in parsed.events if e.start]
    start = parsed.start_date or (min(dates) if dates else timezone.localdate())
    end = parsed.end_date or (max(dates) if dates else start)
    conference = Conference(
        name=parsed.title,
        slug=slug,
        start_date=start,
        end_date=max(end, start),
        timezone=parsed.timezone,
        published=True,
    )
    try:
        conference_save(conference=conference)
    except ValidationError as error:
        raise ImportFailed(f"conference {slug}", "; ".join(error.messages)) from error
    report.add("created", f"conference {slug}", conference.name)
    return conference


def _rooms(conference: Conference, parsed: ParsedSchedule, report: ImportReport) -> dict:
    rooms = {room.name: room for room in conference.rooms.all()}
    position = max((room.position for room in rooms.values()), default=-1) + 1
    names = list(parsed.rooms) + [e.room for e in parsed.events if e.room]
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
) -> None:
    conference = _conference(parsed, conference_slug, report)
    rooms = _rooms(conference, parsed, report) if parsed.has_schedule else {}
    tracks = _tracks(conference, parsed, report)
    uuids = list(uuid_of.values())
    elsewhere = (
        Talk.objects.filter(uuid__in=uuids).exclude(conference=conference).first()
        if uuids
        else None
    )
    if elsewhere is not None:
        event = next(e for e in parsed.events if uuid_of[e.element] == elsewhere.uuid)
        raise ImportFailed(
            event.element, f"guid {elsewhere.uuid} belongs to a talk of {elsewhere.conference}"
        )
    existing = {talk.uuid: talk for talk in conference.talks.all()}
    slugs = {talk.slug for talk in existing.values()}
    new_talks, changed_talks = [], []
    changes: list[tuple[Talk, str]] = []
    talk_for: dict[str, Talk] = {}
    for event in parsed.events:
        talk = existing.get(uuid_of[event.element])
        fields = {
            "title": event.title,
            "kind": event.kind,
            "abstract": event.abstract,
            "description": event.description,
            # By id: comparing talk.track would fetch each talk's track (a query per talk).
            "track_id": tracks[event.track].pk if event.track else None,
            "language": event.language or "en",
            "state": Talk.State.CONFIRMED,
        }
        if not parsed.has_schedule and event.duration:
            fields["duration"] = event.duration
        if talk is None:
            slug = base = (event.slug or slugify(event.title) or "talk")[:110]
            number = 2
            while slug in slugs:
                slug, number = f"{base}-{number}", number + 1
            slugs.add(slug)
            talk = Talk(conference=conference, uuid=uuid_of[event.element], slug=slug, **fields)
            validated(talk, event.element, ["conference", "track"])
            new_talks.append(talk)
            changes.append((talk, "created"))
            report.add("created", event.element, f"talk “{event.title}”")
        else:
            changed = {k: v for k, v in fields.items() if getattr(talk, k) != v}
            for name, value in changed.items():
                setattr(talk, name, value)
            if changed:
                validated(talk, event.element, ["conference", "track"])
                changed_talks.append(talk)
                changes.append((talk, "updated"))
                report.add(
                    "updated",
                    event.element,
                    f"talk “{event.title}”: {', '.join(changed).replace('_id', '')}",
                )
            else:
                report.add("matched", event.element, f"talk “{event.title}” unchanged")
        talk_for[event.element] = talk
    in_file = set(uuids)
    gone = [
        t for t in existing.values() if t.uuid not in in_file and t.state == Talk.State.CONFIRMED
    ]
    for talk in gone:
        talk.state = Talk.State.CANCELLED
        talk.cancellation_note = "Not in the imported schedule."
        report.add("cancelled", f"talk {talk.uuid}", f"“{talk.title}” is no longer in the file")
        changes.append((talk, "cancelled"))
    # Validated and announced ("talk.changed" per talk, after commit) by the service.
    talks_import_bulk(
        conference=conference,
        created=new_talks,
        updated=[*changed_talks, *gone],
        update_fields=[
            "title",
            "kind",
            "abstract",
            "description",
            "track",
            "language",
            "state",
            "duration",
            "cancellation_note",
        ],
        changes=changes,
    )

    resolver = SpeakerResolver(report=report, source_host=parsed.source_host)
    speakers = resolver.resolve([p for e in parsed.events for p in e.persons])
    links: list[TalkSpeaker] = []
    for event in parsed.events:
        seen: set[int] = set()
        for person in event.persons:
            speaker = speakers[resolver.key(person)]
            if speaker.pk not in seen:
                seen.add(speaker.pk)
                links.append(
                    TalkSpeaker(talk=talk_for[event.element], speaker=speaker, position=len(seen))
                )
    talk_speakers_replace_bulk(talks=list(talk_for.values()), links=links)
    resources_import_bulk(
        resources=[
            Resource(talk=talk_for[e.element], kind=link.kind, url=link.url, title=link.title)
            for e in parsed.events
            for link in e.links
        ]
    )
    _tags(parsed, talk_for)
    if parsed.has_schedule:
        _slots(conference, parsed, rooms, talk_for, report)
        # A release made by the import is announced by schedule_release itself.
        _release(conference, parsed.version, release_version, report)


def _tags(parsed: ParsedSchedule, talk_for: dict[str, Talk]) -> None:
    names = {slugify(name)[:100]: name[:100] for e in parsed.events for name in e.tags}
    names.pop("", None)
    if not names:
        return
    Tag.objects.bulk_create(
        [Tag(slug=slug, name=name) for slug, name in names.items()], ignore_conflicts=True
    )
    tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=names)}
    through = Talk.tags.through
    through.objects.bulk_create(
        [
            through(talk_id=talk_for[e.element].pk, tag_id=tags[slugify(name)[:100]].pk)
            for e in parsed.events
            for name in dict.fromkeys(e.tags)
            if slugify(name)[:100] in tags
        ],
        ignore_conflicts=True,
    )


def _slots(
    conference: Conference,
    parsed: ParsedSchedule,
    rooms: dict[str, Room],
    talk_for: dict[str, Talk],
    report: ImportReport,
) -> None:
    schedule = schedule_get_work_in_progress(conference=conference)
    # The work-in-progress talk slots are replaced wholesale by the file's. Breaks the
    # organizer added by hand stay, unless an imported talk now takes their room (or, for
    # an all-rooms break, the all-rooms slot) at that time.
    placed = [e for e in parsed.events if e.start and e.end]
    displaced = []
    for brk in schedule.slots.filter(talk__isnull=True).select_related("room"):
        brk_room = brk.room.name if brk.room else None
        clash = next(
            (
                e
                for e in placed
                if e.room == brk_room and e.start < brk.end and brk.start < e.end  # type: ignore[operator]
            ),
            None,
        )
        if clash is not None:
            report.add("cancelled", f"break {brk.title!r}", f"overlaps {clash.element}")
            displaced.append(brk.pk)
    slots = []
    for event in parsed.events:
        if event.start is None or event.end is None:
            continue
        slot = Slot(
            schedule=schedule,
            room=rooms[event.room] if event.room else None,
            talk=talk_for[event.element],
            start=event.start,
            end=event.end,
        )
        validated(slot, event.element, ["schedule", "room", "talk"])
        slots.append(slot)
    slots_replace_bulk(
        schedule=schedule,
        remove=schedule.slots.filter(Q(talk__isnull=False) | Q(pk__in=displaced)),
        slots=slots,
    )
    report.note(f"schedule of {conference.slug}", f"{len(slots)} slots in the work in progress")


def _release(
    conference: Conference, file_version: str, override: str, report: ImportReport
) -> Schedule | None:
    version = override or file_version
    where = f"schedule of {conference.slug}"
    if not version:
        report.note(where, "the file names no version: release the work in progress to publish")
        return None
    if Schedule.objects.filter(conference=conference, version=version).exists():
        report.note(where, f"release {version!r} exists already; the work in progress is updated")
        return None
    release = schedule_release(conference=conference, version=version, comment="Imported.")
    report.add("created", where, f"release {version!r}")
    return release
