"""Reads of the catalogue: one function per question, with its joins inside."""

import datetime as dt
from typing import Any, NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from conference.models import Conference
from conference.rules import is_site_admin, organized_conference_ids
from talks.models import Resource, Schedule, Slot, Speaker, Tag, Talk, TalkSpeaker
from talks.selectors.visibility import release_public, slots_shown, speakers_public, tags_public


def schedule_latest_release(*, conference: Conference) -> Schedule | None:
    # The changelog holds a snapshot of every talk: pages that show the release don't need it.
    # Ties broken as talks.selectors.visibility.releases_latest breaks them.
    return (
        conference.schedules.released().defer("changelog").order_by("-released_at", "-id").first()
    )


def speaker_links_prefetch(prefix: str = "") -> Prefetch:
    """A talk's speakers in order, as a list on ``talk.speaker_links`` (read it with
    Talk.speakers_in_order()). A list rather than the relation's cache: Django then
    builds no queryset per talk, which on a 1,000-slot schedule cost more than the query.
    """
    return Prefetch(
        f"{prefix}talk_speakers",
        queryset=talk_speakers_prefetch().queryset,
        to_attr="speaker_links",
    )


def talk_speakers_prefetch() -> Prefetch:
    return Prefetch(
        "talk_speakers",
        queryset=TalkSpeaker.objects.select_related("speaker").order_by("position", "id"),
    )


def talk_list_public(*, conference: Conference) -> QuerySet[Talk]:
    return (
        Talk.objects.published()
        .for_conference(conference)
        .select_related("conference", "track")  # conference: get_absolute_url needs its slug
        .prefetch_related(talk_speakers_prefetch(), "tags")
        .order_by("title")
    )


def talk_get_public(*, conference: Conference, slug: str) -> Talk:
    queryset = (
        Talk.objects.published()
        .for_conference(conference)
        .select_related("conference", "track")
        .prefetch_related(talk_speakers_prefetch(), "tags")
    )
    return get_object_or_404(queryset, slug=slug)


def slot_list_released(*, conference: Conference) -> list[Slot]:
    """The public slots of the conference's public schedule (talks.selectors.visibility)."""
    release = release_public(conference=conference)
    if release is None:
        return []
    return list(
        slots_shown(release.slots.all())
        .select_related("room", "talk__track", "talk__conference")
        .order_by("start", "room__position")
    )


def speaker_get(*, slug: str) -> Speaker:
    return get_object_or_404(Speaker, slug=slug)


def speaker_get_public(*, slug: str) -> Speaker:
    """A speaker the public may see (one with a public talk), else 404."""
    return get_object_or_404(speakers_public(), slug=slug)


def speaker_talks_public(*, speaker: Speaker) -> QuerySet[Talk]:
    return (
        Talk.objects.published()
        .filter(speakers=speaker)
        .select_related("conference")
        .order_by("-conference__start_date", "title")
    )


def tag_get(*, slug: str) -> Tag:
    return get_object_or_404(Tag, slug=slug)


def tag_get_public(*, slug: str) -> Tag:
    """A tag the public may see (on a public talk), else 404."""
    return get_object_or_404(tags_public(), slug=slug)


def tag_talks_public(*, tag: Tag) -> QuerySet[Talk]:
    return (
        Talk.objects.published()
        .filter(tags=tag)
        .select_related("conference")
        .order_by("-conference__start_date", "title")
    )


# --- The attendee website -------------------------------------------------------------


def talk_list_visible(*, conference: Conference, preview: bool = False) -> QuerySet[Talk]:
    """Talks of a conference as a viewer sees them: the public list, or (preview) all."""
    talks = Talk.objects.for_conference(conference)
    return (
        (talks if preview else talks.published())
        .select_related("conference", "track")
        .prefetch_related(talk_speakers_prefetch(), "tags")
        .order_by("title")
    )


def talk_get_visible(*, conference: Conference, slug: str, preview: bool = False) -> Talk:
    """One talk with everything its page shows: speakers, tags, approved resources."""
    queryset = talk_list_visible(conference=conference, preview=preview).prefetch_related(
        Prefetch(
            "resources",
            queryset=Resource.objects.filter(approved=True).order_by("kind", "published_on", "id"),
            to_attr="approved_resources",
        )
    )
    return get_object_or_404(
        queryset.annotate(going_count=Count("bookmarks", distinct=True)), slug=slug
    )


def slot_of_talk(*, schedule: Schedule | None, talk: Talk) -> Slot | None:
    if schedule is None:
        return None
    return schedule.slots.select_related("room").filter(talk=talk).first()


def slot_list_for_schedule(
    *,
    schedule: Schedule | None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    preview: bool = False,
) -> QuerySet[Slot]:
    """The slots of a schedule (optionally those starting in [start, end)), with their
    talks, rooms, tracks and speakers: what the schedule pages show (not the tags).

    Only public slots (talks.selectors.visibility) unless ``preview`` (an organizer looking at the
    work in progress): a draft in a released schedule is left out.
    """
    if schedule is None:
        return Slot.objects.none()
    queryset = (
        slots_shown(schedule.slots.all(), preview=preview)
        .select_related("room", "talk__track", "talk__conference")
        .prefetch_related(speaker_links_prefetch("talk__"))
    )
    if start is not None:
        queryset = queryset.filter(start__gte=start)
    if end is not None:
        queryset = queryset.filter(start__lt=end)
    return queryset.order_by("start", "room__position", "id")


def slot_list_not_over(
    *, schedule: Schedule | None, now: dt.datetime, preview: bool = False
) -> list[Slot]:
    """For now & next: in each room, and among the slots spanning every room, the first
    two slots not over at ``now`` (what is on, and what comes next), not the whole day.
    Public slots only unless ``preview`` (see slot_list_for_schedule).
    """
    if schedule is None:
        return []
    by_room = Window(
        RowNumber(), partition_by=[F("room_id")], order_by=[F("start").asc(), F("id").asc()]
    )
    return list(
        slot_list_for_schedule(schedule=schedule, preview=preview)
        .filter(end__gt=now)
        .annotate(place_in_room=by_room)
        .filter(place_in_room__lte=2)
    )


def speaker_list_for_conference(*, conference: Conference, preview: bool = False) -> list[Speaker]:
    """The speakers of one conference, each with their talks there."""
    talks = Talk.objects.for_conference(conference)
    talks = talks if preview else talks.published()
    return list(
        Speaker.objects.filter(talks__in=talks)
        .distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "talks",
                queryset=talks.select_related("conference").order_by("title"),
                to_attr="conference_talks",
            )
        )
    )


class SpeakerTalk(NamedTuple):
    talk: Talk
    slot: Slot | None  # where and when, on its conference's latest released schedule


def _by_time_then_title(entry: SpeakerTalk) -> tuple[bool, float, str]:
    start = entry.slot.start.timestamp() if entry.slot else 0.0
    return (entry.slot is None, start, entry.talk.title)


def speaker_talks_by_conference(*, speaker: Speaker) -> list[tuple[Conference, list[SpeakerTalk]]]:
    """A speaker's public talks grouped by conference, newest conference first; in each,
    the scheduled talks by time, then the rest by title. Three queries in all."""
    talks = speaker_talks_public(speaker=speaker).select_related("conference__venue")
    slots = {slot.talk_id: slot for slot in slot_list_released_for_talks(talks=talks)}
    groups: dict[int, tuple[Conference, list[SpeakerTalk]]] = {}
    for talk in talks:
        entry = SpeakerTalk(talk=talk, slot=slots.get(talk.pk))
        groups.setdefault(talk.conference_id, (talk.conference, []))[1].append(entry)
    for _conference, entries in groups.values():
        entries.sort(key=_by_time_then_title)
    return list(groups.values())


def tag_talks_with_context(*, tag: Tag) -> QuerySet[Talk]:
    return (
        tag_talks_public(tag=tag).select_related("track").prefetch_related(talk_speakers_prefetch())
    )


def tag_list_for_conference(*, conference: Conference) -> QuerySet[Tag]:
    return (
        Tag.objects.filter(talks__in=Talk.objects.published().for_conference(conference))
        .distinct()
        .order_by("name")
    )


def _latest_release_ids(talks: QuerySet[Talk]) -> list[int]:
    """The latest released schedule of each conference the talks belong to."""
    releases = (
        Schedule.objects.released()
        .filter(conference_id__in=talks.values("conference_id"))
        .order_by("conference_id", "-released_at")
        .values_list("conference_id", "pk")
    )
    latest: dict[int, int] = {}
    for conference_id, schedule_id in releases:
        latest.setdefault(conference_id, schedule_id)
    return list(latest.values())


def slot_list_released_for_talks(*, talks: QuerySet[Talk]) -> list[Slot]:
    """Each given talk's slot in its conference's latest released schedule, by start time.

    Two queries whatever the number of talks and conferences: the latest release of each
    conference concerned, then the slots.
    """
    return list(
        Slot.objects.filter(talk__in=talks, schedule_id__in=_latest_release_ids(talks))
        .select_related("room", "talk__track", "talk__conference", "schedule__conference__venue")
        # A release's changelog lists every talk: parsing it once per slot is quadratic.
        .defer("schedule__changelog")
        .prefetch_related(speaker_links_prefetch("talk__"))
        .order_by("start", "room__position", "id")
    )


# What an iCal event shows (talks.interchange.ical), and nothing else: a whole
# conference is a thousand rows, and building unused fields cost a third of its export.
CALENDAR_FIELDS = (
    *("start", "end", "updated_at", "room__name", "schedule__conference__timezone"),
    *("schedule__conference__venue__name", "schedule__conference__venue__address"),
    *("talk__uuid", "talk__title", "talk__slug", "talk__kind", "talk__state"),
    *("talk__abstract", "talk__updated_at", "talk__conference__slug"),
)


def slot_list_for_calendar(*, talks: QuerySet[Talk]) -> list[Slot]:
    """slot_list_released_for_talks with only what a calendar event shows."""
    speakers = TalkSpeaker.objects.select_related("speaker").only("talk_id", "speaker__name")
    return list(
        Slot.objects.filter(talk__in=talks, schedule_id__in=_latest_release_ids(talks))
        .select_related("room", "talk__conference", "schedule__conference__venue")
        .only(*CALENDAR_FIELDS)
        .prefetch_related(
            Prefetch(
                "talk__talk_speakers",
                queryset=speakers.order_by("position", "id"),
                to_attr="speaker_links",
            )
        )
        .order_by("start", "room__position", "id")
    )


def bookmark_exists(*, user: Any, talk: Talk) -> bool:
    """Whether the user said "I'm going" to the talk (False for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return talk.bookmarks.filter(user_id=user.pk).exists()


def speakers_attachable(*, user: Any, conference: Conference | None = None) -> QuerySet[Speaker]:
    """The speakers the user may put on a talk (of ``conference``, if given): the
    ``talks.attach_speaker`` rule as a queryset, for choice lists and autocompletes.

    Superusers: everyone. Leads and organizers: the speakers already on a talk of a
    conference they run, and new speakers (no talk anywhere, no account). Nobody else,
    and nobody for a conference the user does not run.
    """
    if is_site_admin(user):
        return Speaker.objects.all()
    editing = organized_conference_ids(user, editing=True)
    if not editing or (conference is not None and conference.pk not in editing):
        return Speaker.objects.none()
    on_programme = TalkSpeaker.objects.filter(talk__conference_id__in=editing).values("speaker_id")
    has_talks = Exists(TalkSpeaker.objects.filter(speaker=OuterRef("pk")))
    return Speaker.objects.filter(Q(pk__in=on_programme) | (~Q(has_talks) & Q(user__isnull=True)))


def speakers_possible_duplicates(speakers: QuerySet[Speaker]) -> QuerySet[Speaker]:
    """Those of these speakers whose normalised name (Speaker.name_key) another speaker
    shares: "Gael" and "Gaël", kept apart by an import that could not tell whether they
    are one person. Grouped by that name, for organizers to merge (speaker_merge)."""
    namesakes = Speaker.objects.filter(name_key=OuterRef("name_key")).exclude(pk=OuterRef("pk"))
    return speakers.exclude(name_key="").filter(Exists(namesakes)).order_by("name_key", "pk")
