"""Place a file's talks in the work-in-progress schedule, and release it.

The work in progress ends up with exactly the file's talk slots. A slot already where
the file puts it is kept as it is (same talk, room, start and end), so re-importing an
unchanged file writes no slot. Breaks the organizer added by hand stay, unless an
imported talk now takes their room (or, for an all-rooms break, the all-rooms slot) at
that time. A release is made only when the file names a new version and the work in
progress differs from the latest release.
"""

import datetime as dt
from collections import defaultdict

from conference.models import Conference, Room
from talks.interchange.imports.parsed import ParsedEvent, ParsedSchedule
from talks.interchange.imports.report import ImportReport, validated
from talks.models import Schedule, Slot, Talk
from talks.services import (
    schedule_get_work_in_progress,
    schedule_matches_latest_release,
    schedule_release,
    slots_replace_bulk,
)

type Place = tuple[int | None, int | None, dt.datetime, dt.datetime, bool]


def _displaced_breaks(schedule: Schedule, placed: list[ParsedEvent], report: ImportReport) -> list:
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
    return displaced


def _file_slots(
    schedule: Schedule,
    parsed: ParsedSchedule,
    rooms: dict[str, Room],
    talk_for: dict[str, Talk],
    clashing: set[str],
) -> list[Slot]:
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
            clash=event.element in clashing,
        )
        validated(slot, event.element, ["schedule", "room", "talk"])
        slots.append(slot)
    return slots


def _place(slot: Slot) -> Place:
    # Aware datetimes compare (and hash) by the moment, whatever their time zone.
    return (slot.talk_id, slot.room_id, slot.start, slot.end, slot.clash)


def write_slots(
    conference: Conference,
    parsed: ParsedSchedule,
    rooms: dict[str, Room],
    talk_for: dict[str, Talk],
    report: ImportReport,
    clashing: set[str],
) -> None:
    """Make the work in progress hold the file's talk slots, writing only the differences."""
    schedule = schedule_get_work_in_progress(conference=conference)
    placed = [e for e in parsed.events if e.start and e.end]
    displaced = _displaced_breaks(schedule, placed, report)
    slots = _file_slots(schedule, parsed, rooms, talk_for, clashing)
    stored: dict[Place, list[int]] = defaultdict(list)
    for slot in schedule.slots.filter(talk__isnull=False):
        stored[_place(slot)].append(slot.pk)
    new = []
    for slot in slots:
        kept = stored.get(_place(slot))
        if kept:
            kept.pop()
        else:
            new.append(slot)
    stale = [pk for pks in stored.values() for pk in pks] + displaced
    if new or stale:
        slots_replace_bulk(schedule=schedule, remove=schedule.slots.filter(pk__in=stale), slots=new)
    report.note(f"schedule of {conference.slug}", f"{len(slots)} slots in the work in progress")


def release(
    conference: Conference, file_version: str, override: str, report: ImportReport
) -> Schedule | None:
    """Release the work in progress under the given version (else the file's), unless
    that version exists already or nothing changed since the latest release."""
    version = override or file_version
    where = f"schedule of {conference.slug}"
    if not version:
        report.note(where, "the file names no version: release the work in progress to publish")
        return None
    if Schedule.objects.filter(conference=conference, version=version).exists():
        report.note(where, f"release {version!r} exists already; the work in progress is updated")
        return None
    if schedule_matches_latest_release(conference=conference):
        report.note(where, f"nothing changed since the latest release: {version!r} not made")
        return None
    made = schedule_release(conference=conference, version=version, comment="Imported.")
    report.add("created", where, f"release {version!r}")
    return made
