"""Scheduling rules beyond the model's own: what is refused and what is only warned.

Refused (ValidationError): a slot outside the conference's days, a room, talk or
schedule of another conference, a change to a released schedule. Slot.clean() already
refuses end-before-start and overlaps in a room (and PostgreSQL's exclusion constraint
backs the latter).

Warned (shown, not refused): a speaker in two places at once, a talk longer than its
slot, a talk outside a speaker's stated availability, a room over capacity by bookmarks,
a track split across rooms in one block, and the clashes an import kept where its file
put them (Slot.clash: two slots at once in one room).
"""

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, FilteredRelation, Q

from conference.models import Conference, Room
from talks.models import Schedule, Slot


def slot_validate_placement(slot: Slot) -> None:
    """Raise ValidationError (field-keyed) for a placement the schedule cannot hold."""
    schedule = slot.schedule
    conference = schedule.conference
    errors: dict[str, list[str]] = defaultdict(list)
    if schedule.is_released:
        errors["schedule"].append("A released schedule cannot change; edit the work in progress.")
    if slot.room_id and slot.room is not None and slot.room.conference_id != conference.pk:
        errors["room"].append(f"{slot.room} is a room of another conference.")
    if slot.talk_id and slot.talk is not None and slot.talk.conference_id != conference.pk:
        errors["talk"].append(f"“{slot.talk}” is a talk of another conference.")
    if slot.start and slot.end:
        first, _ = conference.day_bounds(conference.start_date)
        _, last = conference.day_bounds(conference.end_date)
        if slot.start < first or slot.end > last:
            tz = conference.tzinfo
            errors["start"].append(
                f"{conference} runs from {first.astimezone(tz):%a %d %b %Y %H:%M} to "
                f"{last.astimezone(tz):%a %d %b %Y %H:%M} ({conference.timezone}); "
                "this slot falls outside its days."
            )
    if errors:
        raise ValidationError(dict(errors))


@dataclass(frozen=True)
class Conflict:
    kind: str  # "speaker", "duration", "capacity", "track", "clash", "availability"
    message: str
    slot_ids: tuple[int, ...]


def _hhmm(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).strftime("%a %H:%M")


Window = tuple[dt.datetime, dt.datetime]


def _speakers_by_talk(
    schedule: Schedule, talk_ids: list[int]
) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[Window]]]:
    """(speaker id, name) per talk, and each speaker's stated availability windows at the
    conference (only speakers who stated any), in one query: a row per window."""
    speakers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    windows: dict[int, list[Window]] = defaultdict(list)
    rows = (
        schedule.conference.talks.filter(pk__in=talk_ids)
        .annotate(
            window=FilteredRelation(
                "talk_speakers__speaker__availabilities",
                condition=Q(
                    talk_speakers__speaker__availabilities__conference_id=schedule.conference_id
                ),
            )
        )
        .values_list(
            "pk",
            "talk_speakers__speaker_id",
            "talk_speakers__speaker__name",
            "window__start",
            "window__end",
        )
    )
    for talk_id, speaker_id, name, start, end in rows:
        if speaker_id is None:
            continue
        if (speaker_id, name) not in speakers[talk_id]:
            speakers[talk_id].append((speaker_id, name))
        if start is not None and (start, end) not in windows[speaker_id]:
            windows[speaker_id].append((start, end))
    return speakers, windows


def outside_availability(start: dt.datetime, end: dt.datetime, windows: list[Window]) -> bool:
    """Whether start–end is not wholly inside one of the windows (none stated: never)."""
    return bool(windows) and not any(
        w_start <= start and end <= w_end for w_start, w_end in windows
    )


def talk_windows(
    speaker_ids: Iterable[int], windows: dict[int, list[Window]]
) -> list[Window] | None:
    """Where a talk of these speakers can go: each stretch inside one window of every
    speaker who stated any (so a slot inside one stretch is no conflict); None when no
    speaker did (unknown: anywhere)."""
    known = [windows[speaker_id] for speaker_id in speaker_ids if windows.get(speaker_id)]
    if not known:
        return None
    stretches = known[0]
    for other in known[1:]:
        stretches = [
            (max(start, o_start), min(end, o_end))
            for start, end in stretches
            for o_start, o_end in other
            if max(start, o_start) < min(end, o_end)
        ]
    return stretches


def _availability_conflicts(
    checked: list[Slot],
    speakers_by_talk: dict[int, list[tuple[int, str]]],
    windows: dict[int, list[Window]],
    tz: dt.tzinfo,
) -> list[Conflict]:
    """A talk placed outside a speaker's stated availability, one warning per speaker."""
    return [
        Conflict(
            "availability",
            f"“{slot.display_title}” ({_hhmm(slot.start, tz)}–{slot.end.astimezone(tz):%H:%M}) "
            f"is outside {name}'s stated availability.",
            (slot.pk,),
        )
        for slot in checked
        for speaker_id, name in speakers_by_talk.get(slot.talk_id or 0, [])
        if outside_availability(slot.start, slot.end, windows.get(speaker_id, []))
    ]


def _bookmark_counts(schedule: Schedule, talk_ids: list[int]) -> dict[int, int]:
    return dict(
        schedule.conference.talks.filter(pk__in=talk_ids)
        .annotate(n=Count("bookmarks"))
        .values_list("pk", "n")
    )


def _slot_conflicts(slot: Slot, bookmarks: dict[int, int]) -> list[Conflict]:
    """A slot shorter than its talk, or a room with fewer seats than the talk's bookmarks."""
    talk = slot.talk
    if talk is None:
        return []
    conflicts: list[Conflict] = []
    if talk.duration and slot.end - slot.start < talk.duration:
        minutes = int((slot.end - slot.start).total_seconds() // 60)
        conflicts.append(
            Conflict(
                "duration",
                f"“{talk}” needs {int(talk.duration.total_seconds() // 60)} minutes "
                f"but its slot has {minutes}.",
                (slot.pk,),
            )
        )
    capacity = slot.room.capacity if slot.room else None
    if capacity is not None and bookmarks.get(talk.pk, 0) > capacity:
        conflicts.append(
            Conflict(
                "capacity",
                f"“{talk}” has {bookmarks[talk.pk]} bookmarks; {slot.room} seats {capacity}.",
                (slot.pk,),
            )
        )
    return conflicts


def _overlapping_pairs(
    groups: Iterable[list[Slot]], order: dict[int, int], checked_ids: set[int]
) -> list[tuple[Slot, Slot]]:
    """Pairs of slots of one group that overlap in time, at least one of them checked,
    in schedule order (``order``: slot id → place in the schedule).

    Each group (a room's slots, a speaker's) is ordered by start, so the inner loop stops
    at the first later slot, and only slots of one group are compared: the cost follows
    the groups, not the rooms × times of a 60-room day.
    """
    pairs = []
    for slots in groups:
        for index, slot in enumerate(slots):
            for other in slots[index + 1 :]:
                if other.start >= slot.end:
                    break
                if slot.pk in checked_ids or other.pk in checked_ids:
                    pairs.append((slot, other))
    return sorted(pairs, key=lambda pair: (order[pair[0].pk], order[pair[1].pk]))


def _room_clashes(
    every_slot: list[Slot], order: dict[int, int], checked_ids: set[int], tz: dt.tzinfo
) -> list[Conflict]:
    """Flagged slots (Slot.clash) that overlap another in their room."""
    by_room: dict[int | None, list[Slot]] = defaultdict(list)
    for slot in every_slot:
        by_room[slot.room_id].append(slot)
    return [
        Conflict(
            "clash",
            f"Clash in {slot.room or 'all rooms'}: “{slot.display_title}” "
            f"({_hhmm(slot.start, tz)}) and “{other.display_title}” ({_hhmm(other.start, tz)}) "
            "overlap, as the imported file had them.",
            (slot.pk, other.pk),
        )
        for slot, other in _overlapping_pairs(by_room.values(), order, checked_ids)
        if slot.clash or other.clash
    ]


def _speaker_conflicts(
    every_slot: list[Slot],
    order: dict[int, int],
    checked_ids: set[int],
    speakers_by_talk: dict[int, list[tuple[int, str]]],
    tz: dt.tzinfo,
) -> list[Conflict]:
    """A speaker in two places at once: any two overlapping slots sharing a speaker, at
    least one of them checked; one warning per speaker and pair, in schedule order."""
    by_speaker: dict[int, list[Slot]] = defaultdict(list)
    for slot in every_slot:
        for speaker_id, _ in speakers_by_talk.get(slot.talk_id or 0, []):
            if not by_speaker[speaker_id] or by_speaker[speaker_id][-1] is not slot:
                by_speaker[speaker_id].append(slot)
    conflicts: list[Conflict] = []
    seen: set[tuple[int, int, int]] = set()
    for slot, other in _overlapping_pairs(by_speaker.values(), order, checked_ids):
        if (slot.pk, other.pk, -1) in seen:
            continue
        seen.add((slot.pk, other.pk, -1))  # a pair sharing two speakers comes twice
        mine = dict(speakers_by_talk[slot.talk_id or 0])
        for speaker_id, name in speakers_by_talk[other.talk_id or 0]:
            if speaker_id in mine and (speaker_id, slot.pk, other.pk) not in seen:
                seen.add((speaker_id, slot.pk, other.pk))
                conflicts.append(
                    Conflict(
                        "speaker",
                        f"{name} is in two places at once: “{slot.display_title}” "
                        f"({slot.room or 'all rooms'}, {_hhmm(slot.start, tz)}) and "
                        f"“{other.display_title}” ({other.room or 'all rooms'}, "
                        f"{_hhmm(other.start, tz)}).",
                        (slot.pk, other.pk),
                    )
                )
    return conflicts


def _track_conflicts(
    every_slot: list[Slot], checked_ids: set[int], conference: Conference
) -> list[Conflict]:
    """A track in more than one room within one block: the stretch of a day between two
    slots that span every room (breaks), so attendees of a track need not change rooms."""
    breaks: dict[dt.date, list[dt.datetime]] = defaultdict(list)
    for slot in every_slot:
        if slot.room_id is None:
            breaks[conference.day_of(slot.start)].append(slot.start)
    blocks: dict[tuple[int, dt.date, int], list[Slot]] = defaultdict(list)
    for slot in every_slot:
        track = slot.talk.track if slot.talk else None
        if slot.room_id is None or track is None:
            continue
        day = conference.day_of(slot.start)
        blocks[(track.pk, day, bisect.bisect_right(breaks[day], slot.start))].append(slot)
    conflicts: list[Conflict] = []
    tz = conference.tzinfo
    for block in blocks.values():
        rooms = sorted({str(s.room) for s in block})
        if len(rooms) < 2 or not any(s.pk in checked_ids for s in block):
            continue
        track = block[0].talk.track if block[0].talk else None
        where = ", ".join(rooms) if len(rooms) <= 4 else f"{len(rooms)} rooms ({rooms[0]}, …)"
        conflicts.append(
            Conflict(
                "track",
                f"Track {track} is split across {where} between "
                f"{_hhmm(block[0].start, tz)} and {_hhmm(max(s.end for s in block), tz)}.",
                tuple(s.pk for s in block),
            )
        )
    return conflicts


def schedule_conflicts(
    *, schedule: Schedule, slots: list[Slot] | None = None, among: list[Slot] | None = None
) -> list[Conflict]:
    """Warnings for a schedule (or for some of its slots, each checked against all).

    ``among``: the slots to check against, when the caller holds every slot that could
    clash with ``slots``, with their rooms, talks and tracks (the editor's day: slots of
    other days neither overlap nor share a block); else the whole schedule is read.
    Three queries whatever the size (two with ``among``): slots with rooms, talks and
    tracks, speakers per talk, bookmark counts per talk.
    """
    every_slot = (
        sorted(among, key=lambda s: (s.start, s.pk))
        if among is not None
        else list(schedule.slots.select_related("room", "talk__track").order_by("start", "id"))
    )
    checked = every_slot if slots is None else slots
    talk_ids = [s.talk_id for s in every_slot if s.talk_id]
    speakers_by_talk, windows = _speakers_by_talk(schedule, talk_ids)
    bookmarks = _bookmark_counts(schedule, talk_ids)
    conflicts = [c for slot in checked for c in _slot_conflicts(slot, bookmarks)]
    checked_ids = {s.pk for s in checked}
    order = {slot.pk: index for index, slot in enumerate(every_slot)}
    tz = schedule.conference.tzinfo
    return (
        _room_clashes(every_slot, order, checked_ids, tz)
        + conflicts
        + _speaker_conflicts(every_slot, order, checked_ids, speakers_by_talk, tz)
        + _availability_conflicts(checked, speakers_by_talk, windows, tz)
        + _track_conflicts(every_slot, checked_ids, schedule.conference)
    )


def schedule_day_grid(*, conference: Conference, day: dt.date) -> dict[str, Any]:
    """The work in progress for one day as rooms × start times, for the admin day view.

    Each cell holds the slots starting then in that room, marked with their conflicts and
    with how they differ from the latest release. A constant number of queries.
    """
    # Imported here: talks.services imports this module for slot validation.
    from talks.services import schedule_changelog, schedule_get_work_in_progress

    wip = schedule_get_work_in_progress(conference=conference)
    release = conference.schedules.released().order_by("-released_at").first()
    start, end = conference.day_bounds(day)
    slots = list(
        wip.slots.filter(start__gte=start, start__lt=end)
        .select_related("room", "talk")
        .order_by("start", "room__position", "id")
    )
    conflicts = schedule_conflicts(schedule=wip, slots=slots)
    warned = {slot_id for c in conflicts for slot_id in c.slot_ids}
    changes = [
        c for c in schedule_changelog(previous=release, current=wip) if c["type"] != "snapshot"
    ]
    changes_by_talk: dict[str, list[str]] = defaultdict(list)
    for change in changes:
        changes_by_talk[change["talk"]].append(change["type"])
    day_talks = {str(s.talk.uuid) for s in slots if s.talk}
    removed_today = [
        c
        for c in changes
        if c["type"] == "removed" and start.isoformat() <= c["from"]["start"] < end.isoformat()
    ]
    # Only the rooms with a slot that day: a conference of 10,000 rooms has a few a day.
    rooms: list[Room | None] = list(
        conference.rooms.filter(pk__in={s.room_id for s in slots if s.room_id})
    )
    if any(s.room_id is None for s in slots):
        rooms.append(None)
    column = {(room.pk if room else None): index for index, room in enumerate(rooms)}
    rows: dict[dt.datetime, list[list[dict[str, Any]]]] = {}
    for slot in slots:
        cells = rows.setdefault(slot.start, [[] for _ in rooms])
        cells[column[slot.room_id]].append(
            {
                "slot": slot,
                "warned": slot.pk in warned,
                "changes": changes_by_talk.get(str(slot.talk.uuid), []) if slot.talk else [],
                "cancelled": bool(slot.talk and slot.talk.is_cancelled),
            }
        )
    return {
        "schedule": wip,
        "release": release,
        "rooms": rooms,
        "rows": sorted(rows.items()),
        "conflicts": conflicts,
        "changes": [c for c in changes if c["talk"] in day_talks] + removed_today,
        "tz": conference.tzinfo,
    }
