"""Who sees what through the API: querysets filtered for the requesting user.

The public part is talks.selectors.visibility's rule (published conferences, their confirmed and
cancelled talks, those talks' speakers and tags); this adds what the user may see on top
of it. Organizers also see their own conferences' unpublished data; a talk's speakers
see their own drafts; staff see everything. Lists and details both start from these, so
nothing leaks by id.
"""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from conference.models import Conference
from conference.rules import is_site_admin, organized_conference_ids
from talks.models import Schedule, Slot, Speaker, Tag, Talk, TalkSpeaker
from talks.selectors import speaker_links_prefetch
from talks.selectors.visibility import (
    conferences_public,
    releases_latest,
    speakers_public,
    tags_public,
    talks_public,
)


class Viewer:
    """The requesting user and what they organize, worked out once per request."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated)

    @property
    def is_site_admin(self) -> bool:
        return bool(is_site_admin(self.user))

    @property
    def organized_ids(self) -> frozenset[int]:
        """The conferences the user is a member of (any role): conference/rules.py."""
        return organized_conference_ids(self.user)

    def conferences(self) -> QuerySet[Conference]:
        """The public's conferences (talks.selectors.visibility), and those this user organizes."""
        if self.is_site_admin:
            return Conference.objects.all()
        queryset = conferences_public()
        if self.organized_ids:
            queryset |= Conference.objects.filter(pk__in=self.organized_ids)
        return queryset

    def talks(self) -> QuerySet[Talk]:
        """The public's talks (talks.selectors.visibility); organizers add every talk of their
        conferences, speakers their own drafts."""
        if self.is_site_admin:
            return Talk.objects.all()
        queryset = talks_public()
        if self.organized_ids:
            queryset |= Talk.objects.filter(conference_id__in=self.organized_ids)
        if self.is_authenticated:
            own = TalkSpeaker.objects.filter(talk=OuterRef("pk"), speaker__user=self.user)
            queryset |= Talk.objects.filter(Exists(own))
        return queryset

    def speakers(self) -> QuerySet[Speaker]:
        """The public's speakers (talks.selectors.visibility); signed in, the speakers of the talks
        this user sees, their own profile, and for organizers speakers with no talk yet."""
        queryset = Speaker.objects.all()
        if self.is_site_admin:
            return queryset
        if not self.is_authenticated:
            return speakers_public()
        on_visible_talk = TalkSpeaker.objects.filter(
            speaker=OuterRef("pk"), talk__in=self.talks().values("pk")
        )
        visible = Q(Exists(on_visible_talk))
        if self.organized_ids:
            visible |= ~Q(Exists(TalkSpeaker.objects.filter(speaker=OuterRef("pk"))))
        return queryset.filter(visible | Q(user=self.user))

    def tags(self) -> QuerySet[Tag]:
        """Tags on the talks this user sees (the public: talks.selectors.visibility's rule)."""
        if self.is_site_admin:
            return Tag.objects.all()
        if not self.is_authenticated:
            return tags_public()
        on_visible_talk = Talk.tags.through.objects.filter(
            tag=OuterRef("pk"), talk__in=self.talks().values("pk")
        )
        return Tag.objects.filter(Exists(on_visible_talk))


def viewer_of(request: Any) -> Viewer:
    """The Viewer for a request, created on first use and kept on the request."""
    viewer = getattr(request, "_hallway_viewer", None)
    if viewer is None or viewer.user is not request.user:
        viewer = Viewer(request.user)
        request._hallway_viewer = viewer
    return viewer


def released_slots() -> QuerySet[Slot]:
    """Slots of each conference's latest release, with what the serializers read of them;
    which of their talks a viewer sees is Viewer.talks()'s business."""
    return (
        Slot.objects.filter(schedule__in=releases_latest())
        .select_related("room", "schedule__conference")
        .defer("schedule__changelog")  # a snapshot of every talk, parsed once per slot
    )


def released_slots_shown(
    *,
    release: Schedule,
    viewer: Viewer,
    bounds: tuple[dt.datetime, dt.datetime] | None,
    with_talks: bool,
) -> list[Slot]:
    """The release's slots the viewer sees (of one day, if ``bounds``), with what
    released_slot_rows reads: talks in full only ``with_talks``. Every slot's schedule and
    every talk's conference is the release's, so they are attached, not fetched again."""
    slots = release.slots.filter(Q(talk__isnull=True) | Q(talk__in=viewer.talks().values("pk")))
    if bounds is not None:
        slots = slots.filter(start__gte=bounds[0], start__lt=bounds[1])
    if with_talks:
        # As lists (to_attr): a related manager per talk costs more than the query.
        slots = slots.select_related("room", "talk__track").prefetch_related(
            speaker_links_prefetch("talk__"),
            Prefetch("talk__tags", queryset=Tag.objects.all(), to_attr="tag_list"),
        )
    else:
        # Only the talks' ids are shown.
        slots = slots.select_related("room", "talk").defer("talk__abstract", "talk__description")
    found = list(slots.order_by("start", "room__position", "id"))
    for slot in found:
        slot.schedule = release
        if slot.talk is not None:
            slot.talk.conference = release.conference
    return found
