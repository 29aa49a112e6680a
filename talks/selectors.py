"""Reads of the catalogue: one function per question, with its joins inside."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from conference.models import Conference
from talks.models import Schedule, Slot, Speaker, Tag, Talk, TalkSpeaker


def schedule_latest_release(*, conference: Conference) -> Schedule | None:
    return conference.schedules.released().order_by("-released_at").first()


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
    release = schedule_latest_release(conference=conference)
    if release is None:
        return []
    return list(
        release.slots.select_related("room", "talk__track", "talk__conference").order_by(
            "start", "room__position"
        )
    )


def speaker_get(*, slug: str) -> Speaker:
    return get_object_or_404(Speaker, slug=slug)


def speaker_talks_public(*, speaker: Speaker) -> QuerySet[Talk]:
    return (
        Talk.objects.published()
        .filter(speakers=speaker)
        .select_related("conference")
        .order_by("-conference__start_date", "title")
    )


def tag_get(*, slug: str) -> Tag:
    return get_object_or_404(Tag, slug=slug)


def tag_talks_public(*, tag: Tag) -> QuerySet[Talk]:
    return (
        Talk.objects.published()
        .filter(tags=tag)
        .select_related("conference")
        .order_by("-conference__start_date", "title")
    )
