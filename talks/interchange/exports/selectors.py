"""Reads for the exports: one query set per question, with the joins inside."""

from django.db.models import Prefetch, QuerySet

from conference.models import Conference
from talks.interchange.conventions import SCHEME_GUID
from talks.models import Resource, Schedule, Slot, SpeakerIdentifier, Talk
from talks.selectors import speaker_links_prefetch, talk_speakers_prefetch
from talks.selectors.visibility import slots_shown, talks_public


def approved_resources_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}resources",
        queryset=Resource.objects.filter(approved=True).order_by("kind", "id"),
        to_attr="approved_resources",
    )


def release_slots_for_export(*, release: Schedule) -> list[Slot]:
    """Every slot of a release with its room, talk, track, speakers and approved links.

    Only public slots (talks.selectors.visibility), and of those not the cancelled talks': exports
    show what will happen.
    """
    return list(
        slots_shown(release.slots.all())
        .exclude(talk__state=Talk.State.CANCELLED)
        .select_related("room", "talk__track")
        .prefetch_related(
            speaker_links_prefetch("talk__"),
            Prefetch(
                "talk__speaker_links__speaker__identifiers",
                queryset=SpeakerIdentifier.objects.filter(scheme=SCHEME_GUID),
                to_attr="guid_identifiers",
            ),
            approved_resources_prefetch("talk__"),
        )
        .order_by("start", "room__position", "id")
    )


def talks_for_export(*, conference: Conference) -> QuerySet[Talk]:
    """The conference's public talks (talks.selectors.visibility), with track, speakers and tags."""
    return (
        talks_public()
        .for_conference(conference)
        .select_related("track")
        .prefetch_related(talk_speakers_prefetch(), "tags")
        .order_by("title", "id")
    )
