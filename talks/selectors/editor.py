"""Reads for the schedule editor: the talks still to place, and a cheap version of
everything the editor shows (its polling ETag)."""

import datetime as dt
import hashlib
from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from talks.models import Bookmark, Schedule, Slot, SpeakerAvailability, Talk
from talks.selectors.catalogue import talk_speakers_prefetch


def talk_list_unscheduled(*, schedule: Schedule) -> QuerySet[Talk]:
    """Confirmed talks of the schedule's conference without a slot in it, by title, with
    their track and speakers (for the editor's side list; filters narrow it further)."""
    placed = Slot.objects.filter(schedule=schedule, talk=OuterRef("pk"))
    return (
        Talk.objects.filter(conference_id=schedule.conference_id, state=Talk.State.CONFIRMED)
        .exclude(Exists(placed))
        .select_related("track")
        .prefetch_related(talk_speakers_prefetch())
        .order_by("title", "id")
    )


def schedule_editor_version(*, schedule: Schedule) -> str:
    """Changes whenever what the editor shows of this schedule could change: its slots
    (added, moved, removed), its conference's talks (titles, states, speakers through
    their updated_at), bookmarks (room capacity) and speakers' availability. Four aggregate
    queries, no rendering: a poll that finds nothing new costs only these."""
    slots = Slot.objects.filter(schedule=schedule).aggregate(n=Count("id"), at=Max("updated_at"))
    talks = Talk.objects.filter(conference_id=schedule.conference_id).aggregate(
        n=Count("id"), at=Max("updated_at")
    )
    bookmarks = Bookmark.objects.filter(Q(talk__conference_id=schedule.conference_id)).aggregate(
        n=Count("id"), last=Max("id")
    )
    windows = SpeakerAvailability.objects.filter(conference_id=schedule.conference_id).aggregate(
        n=Count("id"), at=Max("updated_at")
    )
    raw = f"{schedule.pk}|{slots}|{talks}|{bookmarks}|{windows}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def speaker_windows(*, conference_id: int) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Each speaker's stated availability windows at a conference, by start; one query.
    Speakers who stated none are absent (their availability is not known)."""
    windows: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    rows = SpeakerAvailability.objects.filter(conference_id=conference_id).order_by("start")
    for speaker_id, start, end in rows.values_list("speaker_id", "start", "end"):
        windows[speaker_id].append((start, end))
    return windows
